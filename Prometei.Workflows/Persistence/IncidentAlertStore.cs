using Npgsql;

namespace Prometei.Workflows.Persistence;

/// <summary>The incident alerts' outbox (<c>incident_alerts</c>), written with each step that records an incident.</summary>
public sealed class IncidentAlertStore(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="max"/> alerts not sent yet and not given up on, oldest first.</summary>
    public async Task<IReadOnlyList<PendingIncidentAlert>> PendingAsync(int max, CancellationToken cancellationToken)
    {
        var pending = new List<PendingIncidentAlert>();
        await using var cmd = dataSource.CreateCommand(
            "SELECT id, instance_id, definition_id, activity_node_id, message FROM incident_alerts WHERE sent_at IS NULL AND attempts < 20 ORDER BY id LIMIT $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = max });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingIncidentAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return pending;
    }

    /// <summary>Counts an attempt, and marks the alert sent when it was.</summary>
    public async Task RecordAttemptAsync(long id, bool sent, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(
            "UPDATE incident_alerts SET attempts = attempts + 1, sent_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE id = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        update.Parameters.Add(new NpgsqlParameter { Value = sent });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
