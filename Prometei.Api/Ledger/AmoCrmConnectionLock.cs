using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>A transaction holding the amoCRM connection row's lock. Dispose without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class AmoCrmConnectionLock(
    AmoCrmConnectionStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, AmoCrmConnection current) : IAsyncDisposable
{
    /// <summary>The row as read under the lock.</summary>
    public AmoCrmConnection Current { get; } = current;

    public Task SaveTokensAsync(string accessToken, string? refreshToken, DateTimeOffset? expiresAt, Uri? baseUrl, string reason) =>
        store.SaveTokensAsync(connection, transaction, accessToken, refreshToken, expiresAt, baseUrl, reason);

    public Task SetStateAsync(string state, string reason) => AmoCrmConnectionStore.SetStateAsync(connection, transaction, state, reason);

    public Task CommitAsync() => transaction.CommitAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
