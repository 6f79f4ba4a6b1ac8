using Npgsql;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// The two statements the runtime sends outside any store's transaction: a wake-up to the other nodes (a NOTIFY in its own
/// transaction, so it never serialises the commits that acknowledge requests) and the health check's round trip.
/// </summary>
public sealed class DatabaseSignals(NpgsqlDataSource dataSource)
{
    /// <summary>Tells every node listening on <see cref="InstanceStore.WorkChannel"/> that work may be due.</summary>
    public async Task NotifyWorkAsync(CancellationToken cancellationToken)
    {
        await using var notify = dataSource.CreateCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')");
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One round trip to the database; throws <see cref="NpgsqlException"/> when it does not answer.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(cancellationToken);
    }
}
