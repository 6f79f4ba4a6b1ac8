using Npgsql;

namespace Prometei.Workflows.Persistence;

/// <summary>The timer slots fired (<c>timer_fires</c>); a slot is claimed where its instance is created (<see cref="InstanceStarter"/>).</summary>
public sealed class TimerFireStore(NpgsqlDataSource dataSource)
{
    /// <summary>The latest slot fired of each of the given triggers.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> LastSlotsAsync(IReadOnlyList<string> triggerIds, CancellationToken cancellationToken)
    {
        var lastSlots = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var cmd = dataSource.CreateCommand("SELECT trigger_id, max(slot) FROM timer_fires WHERE trigger_id = ANY($1) GROUP BY trigger_id");
        cmd.Parameters.Add(new NpgsqlParameter { Value = triggerIds.ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lastSlots[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1).ToUniversalTime();
        }

        return lastSlots;
    }

    /// <summary>Forgets slots older than a day, keeping each trigger's latest.</summary>
    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            DELETE FROM timer_fires f
            WHERE f.fired_at < now() - interval '1 day'
              AND f.slot < (SELECT max(g.slot) FROM timer_fires g WHERE g.trigger_id = f.trigger_id)
            """);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
