using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// The work queue and the instances' leases: queue rows in, instances with due work claimed under a lease and a fence,
/// leases renewed and given back.
/// </summary>
public sealed class WorkQueue(NpgsqlDataSource dataSource)
{
    /// <summary>Moves an instance's due work <paramref name="by"/> into the future (after an unexpected failure, so it cannot spin).</summary>
    public async Task PostponeAsync(string instanceId, TimeSpan by)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE work_items SET due_at = now() + $2 WHERE instance_id = $1 AND due_at <= now()");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = by });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Leases up to <paramref name="max"/> instances that have due work and no live lease, raising each fence.
    /// A running instance, or one with an operator command waiting, can be claimed. The plan cannot depend on the tables'
    /// statistics: due rows are walked in <c>due_at</c> order, one per instance (its earliest), and each one's instance is looked
    /// up and locked by its primary key (a <c>LATERAL</c> subquery with <c>FOR UPDATE</c> is never flattened into a join), so
    /// a claim reads about as many rows as there are due rows ahead of what it takes, never the whole instance table. Each
    /// claim carries the instance's state and its due queue rows, so running it reads nothing more.
    /// </summary>
    public Task<IReadOnlyList<ClaimedInstance>> ClaimAsync(string node, int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
        LeaseAsync(s_claimSql, node, max, lease, cancellationToken);

    /// <summary>
    /// Takes over up to <paramref name="max"/> running instances whose lease ran out: those a node stopped running without
    /// releasing them (it crashed), including instances it had accepted and was to run itself, which have no queue row. No
    /// index covers leases (it would make every claim and renewal a non-HOT update), so this reads the running instances: the
    /// dispatcher calls it about twice per lease duration, not per claim.
    /// </summary>
    public Task<IReadOnlyList<ClaimedInstance>> ClaimExpiredAsync(string node, int max, TimeSpan lease, CancellationToken cancellationToken = default) =>
        LeaseAsync(s_claimExpiredSql, node, max, lease, cancellationToken);

    private static readonly string s_claimSql = LeaseSql(
        "candidates",
        """
        SELECT i.id, i.previous_owner
        FROM (
            SELECT w.instance_id FROM work_items w
            WHERE w.due_at <= now()
              AND NOT EXISTS (
                  SELECT 1 FROM work_items e
                  WHERE e.instance_id = w.instance_id AND e.due_at <= now() AND (e.due_at, e.id) < (w.due_at, w.id))
            ORDER BY w.due_at) w
        CROSS JOIN LATERAL (
            SELECT i.id, i.lease_owner AS previous_owner
            FROM workflow_instances i
            WHERE i.id = w.instance_id
              AND (i.lease_until IS NULL OR i.lease_until < now())
              AND (i.status = 'Running' OR EXISTS (
                  SELECT 1 FROM work_items c
                  WHERE c.instance_id = i.id AND c.due_at <= now() AND c.kind IN ('RetryFaulted', 'Cancel')))
            FOR UPDATE SKIP LOCKED) i
        LIMIT $2
        """);

    private static readonly string s_claimExpiredSql = LeaseSql(
        "expired",
        """
        SELECT i.id, i.lease_owner AS previous_owner
        FROM workflow_instances i
        WHERE i.lease_until < now() AND i.status = 'Running'
        LIMIT $2
        FOR UPDATE SKIP LOCKED
        """);

    /// <summary>
    /// Leases the instances <paramref name="pick"/> selects and locks (<c>id, previous_owner</c>; <c>$2</c> is the most to take)
    /// to node <c>$1</c> for <c>$3</c>, raising each fence, and returns them with their state.
    /// </summary>
    private static string LeaseSql(string name, string pick) =>
        $"""
        WITH {name} AS (
        {pick}
        )
        UPDATE workflow_instances i
        SET lease_owner = $1, lease_until = now() + $3, fence = i.fence + 1
        FROM {name} p WHERE i.id = p.id
        RETURNING i.id, i.fence, p.previous_owner, i.state::text,
            (SELECT json_agg(json_build_object(
                        'id', w.id, 'kind', w.kind, 'targetId', w.target_id, 'payload', w.payload, 'dueAt', w.due_at, 'traceParent', w.trace_parent)
                    ORDER BY w.id)::text
             FROM work_items w WHERE w.instance_id = i.id AND w.due_at <= now())
        """;

    private async Task<IReadOnlyList<ClaimedInstance>> LeaseAsync(string sql, string node, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = node });
        cmd.Parameters.Add(new NpgsqlParameter { Value = max });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lease });
        var result = new List<ClaimedInstance>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ClaimedInstance(
                reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), WorkflowJson.Deserialize<WorkflowState>(reader.GetString(3)),
                WorkItems: reader.IsDBNull(4) ? [] : WorkItemsOf(reader.GetString(4))));
        }

        return result;
    }

    /// <summary>The due queue rows a claim returned (a <c>json</c> array, in id order).</summary>
    private static List<WorkItem> WorkItemsOf(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(w => new WorkItem(
            w!["id"]!.GetValue<long>(), w["kind"]!.GetValue<string>(), w["targetId"]?.GetValue<string>(), w["payload"]?.DeepClone(),
            DateTimeOffset.Parse(w["dueAt"]!.GetValue<string>(), CultureInfo.InvariantCulture), w["traceParent"]?.GetValue<string>()))];

    /// <summary>
    /// Gives a lease up (after a failure inside the runtime, or at shutdown) and queues a <c>Run</c> row due
    /// <paramref name="after"/> from now, so that any node continues the instance then even if it has no queue row of its own
    /// (an instance its accepting node was running); wakes the workers.
    /// </summary>
    public async Task ReleaseAsync(string instanceId, long fence, TimeSpan after = default, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"""
            WITH released AS (
                UPDATE workflow_instances SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND fence = $2 RETURNING id)
            INSERT INTO work_items (instance_id, kind, due_at) SELECT id, '{WorkItem.Run}', now() + $3 FROM released
            """,
            instanceId, fence, after));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Gives up many leases at once, each under its fence, in one statement and one round trip (a node's backlog at shutdown, or
    /// what waited in it too long): each instance still under the fence of its claim gets a <c>Run</c> row due
    /// <paramref name="after"/> from now, carrying the claim's trace context (an accepted instance has no queue row that would);
    /// one whose lease another node has taken since (its fence moved) is not touched. Wakes the workers. Returns how many were
    /// released.
    /// </summary>
    public async Task<int> ReleaseAsync(IReadOnlyCollection<ClaimedInstance> claims, TimeSpan after = default, CancellationToken cancellationToken = default)
    {
        if (claims.Count == 0)
        {
            return 0;
        }

        // The rows are locked in id order, so two releases (or a release and a renewal) cannot wait on each other in a cycle.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"""
            WITH held AS (
                SELECT i.id, r.trace_parent
                FROM unnest($1::text[], $2::bigint[], $3::text[]) AS r (id, fence, trace_parent)
                JOIN workflow_instances i ON i.id = r.id AND i.fence = r.fence
                ORDER BY i.id
                FOR UPDATE OF i),
            released AS (
                UPDATE workflow_instances i SET lease_owner = NULL, lease_until = NULL FROM held h WHERE i.id = h.id RETURNING i.id, h.trace_parent)
            INSERT INTO work_items (instance_id, kind, due_at, trace_parent) SELECT id, '{WorkItem.Run}', now() + $4, trace_parent FROM released
            """,
            new NpgsqlParameter { Value = claims.Select(c => c.Id).ToArray() },
            new NpgsqlParameter { Value = claims.Select(c => c.Fence).ToArray() },
            new NpgsqlParameter { Value = claims.Select(c => c.TraceParent).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            after));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected;
    }

    /// <summary>
    /// Extends the leases this node holds, except on rows a write in flight holds (<c>SKIP LOCKED</c>): a group of step commits
    /// (<see cref="WriteGroup"/>) locks many instance rows in its own order, and waiting for them here while holding others made a
    /// deadlock; a row skipped now is renewed at the next renewal, well before its lease runs out.
    /// </summary>
    public async Task<int> RenewLeasesAsync(string node, IReadOnlyCollection<string> instanceIds, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        if (instanceIds.Count == 0)
        {
            return 0;
        }

        await using var cmd = dataSource.CreateCommand(
            """
            UPDATE workflow_instances SET lease_until = now() + $3
            WHERE id IN (SELECT id FROM workflow_instances WHERE id = ANY($2) AND lease_owner = $1 AND lease_until IS NOT NULL FOR UPDATE SKIP LOCKED)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = node });
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceIds.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lease });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Queues work for an instance (an operator command, an event for a bookmark) and wakes the workers.</summary>
    public async Task EnqueueAsync(string instanceId, string kind, string? targetId, JsonNode? payload, DateTimeOffset? dueAt = null, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "INSERT INTO work_items (instance_id, kind, target_id, payload, due_at, trace_parent) VALUES ($1, $2, $3, $4::jsonb, coalesce($5, now()), $6)",
            instanceId, kind, Text(targetId), Json(payload), dueAt is { } d ? (object)d : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            Text(WorkflowTelemetry.CurrentTraceParent())));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many queue rows are due now, and how long the oldest of them has waited.</summary>
    public async Task<(long Due, TimeSpan OldestDueAge)> QueueStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT count(*), coalesce(extract(epoch FROM now() - min(due_at)), 0)::float8 FROM work_items WHERE due_at <= now()");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1)));
    }

    /// <summary>When the next queued work is due, or null when the queue is empty.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT min(due_at) FROM work_items");
        return await cmd.ExecuteScalarAsync(cancellationToken) is DateTime dt ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : null;
    }

    /// <summary>
    /// Queues a cancel for each of <paramref name="instanceIds"/> that a cancel can act on (running, or finished faulted) and has
    /// none queued yet, so that repeating the call queues nothing more. Wakes the workers. Returns how many were queued.
    /// </summary>
    public async Task<int> EnqueueCancelsAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        if (instanceIds.Count == 0)
        {
            return 0;
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"""
            INSERT INTO work_items (instance_id, kind, due_at, trace_parent)
            SELECT i.id, '{WorkItem.Cancel}', now(), $2 FROM workflow_instances i
            WHERE i.id = ANY($1) AND (i.status = 'Running' OR i.outcome = 'Faulted')
              AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.instance_id = i.id AND w.kind = '{WorkItem.Cancel}')
            """,
            new NpgsqlParameter { Value = instanceIds.ToArray() }, Text(WorkflowTelemetry.CurrentTraceParent())));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected;
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values) => InstanceStore.Command(sql, values);

    private static NpgsqlParameter Text(string? value) => InstanceStore.Text(value);

    private static NpgsqlParameter Json(JsonNode? value) => InstanceStore.Json(value);
}
