using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>A transaction holding the amoCRM connection row's lock. Dispose without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class AmoCrmConnectionLock(
    AmoCrmConnectionStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, AmoCrmConnection current) : IAsyncDisposable
{
    /// <summary>The row as read under the lock.</summary>
    public AmoCrmConnection Current { get; } = current;

    /// <summary>Stores a pair amoCRM just gave us (refresh, code exchange); the replaced tokens are retired.</summary>
    public Task SaveTokensAsync(string accessToken, string? refreshToken, DateTimeOffset? expiresAt, Uri? baseUrl, string reason) =>
        store.SaveTokensAsync(connection, transaction, Current, accessToken, refreshToken, expiresAt, baseUrl, reason, null);

    /// <summary>Stores the configured tokens in place of the stored ones (which are retired), remembering their fingerprint.</summary>
    public Task SaveConfiguredTokensAsync(string? accessToken, string? refreshToken, DateTimeOffset? expiresAt, Uri? baseUrl, string configuredTokens, string reason) =>
        store.SaveTokensAsync(connection, transaction, Current, accessToken, refreshToken, expiresAt, baseUrl, reason, configuredTokens);

    /// <summary>Records that the configured tokens with this fingerprint were considered (and the stored pair kept).</summary>
    public Task MarkConfigurationTakenAsync(string configuredTokens) =>
        AmoCrmConnectionStore.MarkConfigurationTakenAsync(connection, transaction, configuredTokens);

    /// <summary>Records the account address in use (configuration wins over what an earlier run stored).</summary>
    public Task SetBaseUrlAsync(Uri baseUrl) => AmoCrmConnectionStore.SetBaseUrlAsync(connection, transaction, baseUrl);

    /// <summary>Whether the connection held <paramref name="token"/> once and replaced it (rotated or superseded).</summary>
    public Task<bool> IsRetiredAsync(string token) => AmoCrmConnectionStore.IsRetiredAsync(connection, transaction, token);

    public Task SetStateAsync(string state, string reason) => AmoCrmConnectionStore.SetStateAsync(connection, transaction, state, reason);

    public Task CommitAsync() => transaction.CommitAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
