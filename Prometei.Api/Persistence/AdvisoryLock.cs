using Dapper;
using Npgsql;

namespace Prometei.Api.Persistence;

/// <summary>
/// A PostgreSQL session advisory lock held on its own connection until disposed; a process that dies releases it with
/// its connection. Used where one runner at a time across every Api process is the simplest correct answer.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    /// <summary>Kaspi → amoCRM syncs: one at a time, so two batches never both create a contact for one new customer.</summary>
    public const long KaspiSync = 0x5052_4F4D_0001;

    /// <summary>Paging through amoCRM contacts for the phone index.</summary>
    public const long ContactIndex = 0x5052_4F4D_0002;

    /// <summary>Creating the Data Protection key ring once when several processes start together.</summary>
    public const long KeyRing = 0x5052_4F4D_0003;

    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlDataSource db, long key, CancellationToken cancellationToken)
    {
        var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken));
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = _key });
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
