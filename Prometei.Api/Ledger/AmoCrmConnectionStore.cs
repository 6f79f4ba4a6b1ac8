using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// The amoCRM connection row: state and tokens, encrypted with ASP.NET Data Protection. Changes that must not race
/// (refresh, code exchange) go through <see cref="LockAsync"/>, which holds the row lock (<c>FOR UPDATE</c>) until commit.
/// </summary>
public sealed class AmoCrmConnectionStore(NpgsqlDataSource db, IDataProtectionProvider protection, ILogger<AmoCrmConnectionStore> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Prometei.Api.AmoCrmTokens.v1");

    public async Task<AmoCrmConnection?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select, cancellationToken: cancellationToken));
        return row is null ? null : Decrypt(row);
    }

    /// <summary>Opens a transaction holding the connection row's lock (creating a disconnected row when there is none).</summary>
    public async Task<AmoCrmConnectionLock> LockAsync(CancellationToken cancellationToken)
    {
        var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO amocrm_connection (id, state) VALUES (1, 'disconnected') ON CONFLICT (id) DO NOTHING",
                transaction: transaction,
                cancellationToken: cancellationToken));
            var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(Select + " FOR UPDATE", transaction: transaction, cancellationToken: cancellationToken));
            return new AmoCrmConnectionLock(this, connection, transaction, Decrypt(row));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal async Task SaveTokensAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AmoCrmConnection current, string? accessToken, string? refreshToken,
        DateTimeOffset? expiresAt, Uri? baseUrl, string reason, string? configuredTokens)
    {
        // The tokens being replaced are remembered by hash: a configuration that still names one never brings it back.
        var retired = new[] { current.AccessToken, current.RefreshToken }
            .Where(t => t is not null && t != accessToken && t != refreshToken)
            .Select(t => TokenHash(t!))
            .ToArray();
        if (retired.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO amocrm_retired_tokens (hash) SELECT unnest(@retired) ON CONFLICT (hash) DO NOTHING",
                new { retired },
                transaction));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE amocrm_connection
            SET state = 'connected', access_token = @access, refresh_token = @refresh, expires_at = @expiresAt,
                base_url = COALESCE(@baseUrl, base_url), generation = generation + 1, refreshed_at = now(), updated_at = now(),
                configured_tokens = COALESCE(@configuredTokens, configured_tokens),
                state_reason = @reason, state_changed_at = CASE WHEN state <> 'connected' THEN now() ELSE state_changed_at END
            WHERE id = 1
            """,
            new
            {
                access = Protect(accessToken),
                refresh = Protect(refreshToken),
                expiresAt = expiresAt?.UtcDateTime,
                baseUrl = baseUrl?.AbsoluteUri,
                reason,
                configuredTokens,
            },
            transaction));
    }

    /// <summary>Records that the configured tokens with this fingerprint were taken (kept or stored), and the address in use.</summary>
    internal static Task MarkConfigurationTakenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string configuredTokens) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE amocrm_connection SET configured_tokens = @configuredTokens, updated_at = now() WHERE id = 1",
            new { configuredTokens },
            transaction));

    internal static Task SetBaseUrlAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Uri baseUrl) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE amocrm_connection SET base_url = @baseUrl, updated_at = now() WHERE id = 1",
            new { baseUrl = baseUrl.AbsoluteUri },
            transaction));

    internal static async Task<bool> IsRetiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string token) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM amocrm_retired_tokens WHERE hash = @hash)",
            new { hash = TokenHash(token) },
            transaction));

    /// <summary>SHA-256 of a token (hex): amoCRM's tokens are long random strings, so the hash reveals nothing.</summary>
    internal static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    internal static Task SetStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string state, string reason) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE amocrm_connection SET state = @state, state_reason = @reason, state_changed_at = now(), updated_at = now()
            WHERE id = 1
            """,
            new { state, reason },
            transaction));

    private const string Select =
        "SELECT state, base_url, access_token, refresh_token, expires_at, generation, state_reason, state_changed_at, refreshed_at, configured_tokens FROM amocrm_connection WHERE id = 1";

    private string? Protect(string? value) => value is null ? null : _protector.Protect(value);

    private AmoCrmConnection Decrypt(Row row)
    {
        string? Unprotect(string? value)
        {
            if (value is null)
            {
                return null;
            }

            try
            {
                return _protector.Unprotect(value);
            }
            catch (CryptographicException ex)
            {
                // The key ring that encrypted it is gone (another machine, a lost key folder): the operator reconnects.
                AmoCrmConnectionStoreLog.CannotDecrypt(logger, ex.GetType().Name);
                return null;
            }
        }

        return new AmoCrmConnection(
            row.State,
            row.BaseUrl is null ? null : new Uri(row.BaseUrl),
            Unprotect(row.AccessToken),
            Unprotect(row.RefreshToken),
            row.ExpiresAt is null ? null : new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt.Value, DateTimeKind.Utc)),
            row.Generation,
            row.StateReason,
            new DateTimeOffset(DateTime.SpecifyKind(row.StateChangedAt, DateTimeKind.Utc)),
            row.RefreshedAt is null ? null : new DateTimeOffset(DateTime.SpecifyKind(row.RefreshedAt.Value, DateTimeKind.Utc)),
            row.ConfiguredTokens);
    }

    private sealed record Row(
        string State, string? BaseUrl, string? AccessToken, string? RefreshToken, DateTime? ExpiresAt, long Generation,
        string? StateReason, DateTime StateChangedAt, DateTime? RefreshedAt, string? ConfiguredTokens);
}
