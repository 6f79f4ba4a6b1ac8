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

    /// <summary>Stores tokens from configuration when the ledger has none yet (the first process to start wins).</summary>
    public async Task<bool> SeedAsync(Uri? baseUrl, string? accessToken, string? refreshToken, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO amocrm_connection (id, state, base_url, access_token, refresh_token, expires_at, generation, state_reason)
            VALUES (1, 'connected', @baseUrl, @access, @refresh, @expiresAt, 1, 'seeded from configuration')
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                baseUrl = baseUrl?.AbsoluteUri,
                access = Protect(accessToken),
                refresh = Protect(refreshToken),
                expiresAt = expiresAt?.UtcDateTime,
            },
            cancellationToken: cancellationToken)) == 1;
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

    internal Task SaveTokensAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string accessToken, string? refreshToken, DateTimeOffset? expiresAt, Uri? baseUrl, string reason) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE amocrm_connection
            SET state = 'connected', access_token = @access, refresh_token = @refresh, expires_at = @expiresAt,
                base_url = COALESCE(@baseUrl, base_url), generation = generation + 1, refreshed_at = now(), updated_at = now(),
                state_reason = @reason, state_changed_at = CASE WHEN state <> 'connected' THEN now() ELSE state_changed_at END
            WHERE id = 1
            """,
            new { access = Protect(accessToken), refresh = Protect(refreshToken), expiresAt = expiresAt?.UtcDateTime, baseUrl = baseUrl?.AbsoluteUri, reason },
            transaction));

    internal static Task SetStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string state, string reason) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE amocrm_connection SET state = @state, state_reason = @reason, state_changed_at = now(), updated_at = now()
            WHERE id = 1
            """,
            new { state, reason },
            transaction));

    private const string Select =
        "SELECT state, base_url, access_token, refresh_token, expires_at, generation, state_reason, state_changed_at, refreshed_at FROM amocrm_connection WHERE id = 1";

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
            row.RefreshedAt is null ? null : new DateTimeOffset(DateTime.SpecifyKind(row.RefreshedAt.Value, DateTimeKind.Utc)));
    }

    private sealed record Row(
        string State, string? BaseUrl, string? AccessToken, string? RefreshToken, DateTime? ExpiresAt, long Generation,
        string? StateReason, DateTime StateChangedAt, DateTime? RefreshedAt);
}
