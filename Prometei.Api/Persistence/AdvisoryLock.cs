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

    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlDataSource db, long key, CancellationToken cancellationToken) =>
        await AcquireAsync(db, key, wait: null, cancellationToken)
        ?? throw new InvalidOperationException("An advisory lock without a wait limit was not acquired.");

    /// <summary>
    /// Takes the lock, waiting at most <paramref name="wait"/> (PostgreSQL's <c>lock_timeout</c>) when given; null when another
    /// session held it all that time.
    /// </summary>
    public static async Task<AdvisoryLock?> AcquireAsync(NpgsqlDataSource db, long key, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            if (wait is { } limit)
            {
                await connection.ExecuteAsync(new CommandDefinition($"SET lock_timeout = {(long)Math.Max(1, limit.TotalMilliseconds)}", cancellationToken: cancellationToken));
            }

            var acquired = true;
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT pg_advisory_lock(@key)", new { key }, commandTimeout: wait is { } w ? (int)Math.Ceiling(w.TotalSeconds) + 30 : null, cancellationToken: cancellationToken));
            }
            catch (PostgresException ex) when (wait is not null && ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                acquired = false;
            }

            if (wait is not null)
            {
                await connection.ExecuteAsync("RESET lock_timeout");
            }

            if (!acquired)
            {
                await connection.DisposeAsync();
                return null;
            }

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
