using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>Alert conditions: active or not, and when the last alert went out (one per condition per period).</summary>
public sealed class AlertStateStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Marks the condition active and decides, atomically across processes, whether an alert goes out now: true when
    /// none was sent within <paramref name="period"/> (the caller then sends it); false counts a suppressed one.
    /// </summary>
    public async Task<bool> RaiseAsync(string condition, string message, TimeSpan period, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var due = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            INSERT INTO alert_state AS a (condition, active, message, raised_at, last_sent_at, suppressed)
            VALUES (@condition, true, @message, now(), now(), 0)
            ON CONFLICT (condition) DO UPDATE SET
                active = true,
                message = EXCLUDED.message,
                raised_at = CASE WHEN a.active THEN a.raised_at ELSE now() END,
                suppressed = CASE WHEN a.last_sent_at IS NULL OR a.last_sent_at < now() - @periodSeconds * interval '1 second' THEN 0 ELSE a.suppressed + 1 END,
                last_sent_at = CASE WHEN a.last_sent_at IS NULL OR a.last_sent_at < now() - @periodSeconds * interval '1 second' THEN now() ELSE a.last_sent_at END
            RETURNING last_sent_at = now()
            """,
            new { condition, message, periodSeconds = period.TotalSeconds },
            cancellationToken: cancellationToken));
        return due;
    }

    /// <summary>The condition is over (it leaves the active list; the period still counts from the last alert sent).</summary>
    public async Task ClearAsync(string condition, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE alert_state SET active = false, cleared_at = now() WHERE condition = @condition AND active",
            new { condition },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AlertEntry>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertEntry>(new CommandDefinition(
            "SELECT condition, message, raised_at, last_sent_at, suppressed FROM alert_state WHERE active ORDER BY condition",
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
