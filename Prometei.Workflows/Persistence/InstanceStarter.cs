using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// The one way an instance comes into being: HTTP triggers, events, timers, the Studio's execute, replays (and child
/// workflows) all call <see cref="StartAsync"/>. Each instance is inserted with its first <c>Run</c> row in one transaction
/// with its guards (<see cref="StartGuard"/>, <see cref="NewInstance.Singleton"/>), so what a caller was told was accepted
/// survives any crash, and no guard is checked apart from the insert it guards. Unguarded starts (no guard, no singleton, no
/// resume) share transactions with other concurrent writes (<see cref="WriteGroup"/>): what they insert reads nothing.
/// </summary>
public sealed class InstanceStarter(NpgsqlDataSource dataSource, WriteGroup? writes = null)
{
    private readonly WriteGroup _writes = writes ?? new WriteGroup(dataSource);

    private const string InstanceColumns =
        "id, definition_id, definition_version_id, version, status, sub_status, correlation_id, name, incident_count, created_at, updated_at, finished_at, replay_of, state, lease_owner, lease_until, fence";

    /// <summary>How many parameters the insert of one instance takes (a condition's are numbered after them).</summary>
    private const int InstanceValueCount = 17;

    /// <summary>
    /// Creates the instances that their guards let through, and resumes the instances waiting for <paramref name="resume"/>, in one
    /// transaction. Without a receipt guard it is one round trip. With a <paramref name="lease"/> the instances are inserted
    /// already leased to its owner (fence <see cref="InstanceLease.FirstFence"/>), for that node to run them, and get no
    /// <c>Run</c> queue row.
    /// </summary>
    public async Task<StartOutcome> StartAsync(
        IReadOnlyList<NewInstance> instances, StartGuard guard, EventResume? resume = null, InstanceLease? lease = null, CancellationToken cancellationToken = default)
    {
        var claim = Guid.CreateVersion7().ToString("N");
        await using var batch = new NpgsqlBatch();

        // Singletons first, in a fixed order: their locks make "is one running?" and the insert one decision.
        foreach (var definitionId in instances.Where(i => i.Singleton).Select(i => i.State.DefinitionId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended('singleton:' || $1, 0))", definitionId));
        }

        var claimIndex = batch.BatchCommands.Count;
        var (claimed, claimValues) = AddClaim(batch, guard, instances, claim);
        var instanceIndexes = new List<int>();
        foreach (var instance in instances)
        {
            var conditions = new List<string>();
            if (claimed is not null)
            {
                conditions.Add(Numbered(claimed, InstanceValueCount + 1));
            }

            if (instance.Singleton)
            {
                conditions.Add("NOT " + Running("$2"));
            }

            instanceIndexes.Add(batch.BatchCommands.Count);
            batch.BatchCommands.Add(InsertInstance(
                instance.State, instance.ReplayOf, conditions.Count == 0 ? null : string.Join(" AND ", conditions), claimed is null ? [] : claimValues, lease: lease));
            if (lease is not null)
            {
                continue;
            }

            batch.BatchCommands.Add(Command(
                "INSERT INTO work_items (instance_id, kind, due_at, trace_parent) SELECT $1, 'Run', $2, $3 WHERE EXISTS (SELECT 1 FROM workflow_instances WHERE id = $1)",
                instance.State.Id, instance.State.CreatedAt, Text(WorkflowTelemetry.CurrentTraceParent())));
        }

        var resumeIndex = -1;
        if (resume is not null)
        {
            resumeIndex = batch.BatchCommands.Count;
            batch.BatchCommands.Add(Command(
                $"""
                INSERT INTO work_items (instance_id, kind, target_id, payload, due_at, trace_parent)
                SELECT b.instance_id, 'Resume', b.id, $2::jsonb, now(), $3 FROM bookmarks b WHERE b.name = $1{(claimed is null ? "" : " AND " + Numbered(claimed, 4))}
                RETURNING instance_id
                """,
                [resume.BookmarkName, resume.PayloadJson, Text(WorkflowTelemetry.CurrentTraceParent()), .. (claimed is null ? [] : claimValues)]));
        }

        if (guard.Kind == StartGuardKind.None && resume is null && instances.Count > 0 && !instances.Any(i => i.Singleton))
        {
            // Unconditional inserts: all of them are written, or the unit fails (a duplicate id) with the database's error.
            await _writes.WriteAsync(batch, cancellationToken);
            return new StartOutcome([.. instances.Select(i => i.State.Id)], []);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = guard.Kind == StartGuardKind.EventReceipt ? await connection.BeginTransactionAsync(cancellationToken) : null;
        batch.Connection = connection;
        batch.Transaction = transaction;

        // Only the resume returns rows the caller needs (the advisory locks return one row each): find it by its column.
        var resumed = new List<string>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (reader.FieldCount == 1 && reader.GetName(0) == "instance_id" && await reader.ReadAsync(cancellationToken))
                {
                    resumed.Add(reader.GetString(0));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        var started = instances.Where((_, n) => batch.BatchCommands[instanceIndexes[n]].RecordsAffected > 0).Select(i => i.State.Id).ToList();
        var slotClaimed = guard.Kind == StartGuardKind.TimerSlot && batch.BatchCommands[claimIndex].RecordsAffected > 0;
        if (guard.Kind == StartGuardKind.TimerSlot && !slotClaimed)
        {
            return new StartOutcome([], [], Replayed: true);
        }

        if (guard.Kind == StartGuardKind.EventReceipt)
        {
            await using var receipt = new NpgsqlCommand(
                """
                UPDATE event_receipts SET result = jsonb_build_object('startedInstanceIds', $3::jsonb, 'resumedInstanceIds', $4::jsonb)
                WHERE key = $1 AND result->>'claim' = $2
                """, connection, transaction);
            receipt.Parameters.Add(new NpgsqlParameter { Value = guard.Key });
            receipt.Parameters.Add(new NpgsqlParameter { Value = claim });
            receipt.Parameters.Add(new NpgsqlParameter { Value = WorkflowJson.Serialize(started), NpgsqlDbType = NpgsqlDbType.Text });
            receipt.Parameters.Add(new NpgsqlParameter { Value = WorkflowJson.Serialize(resumed.Distinct().ToList()), NpgsqlDbType = NpgsqlDbType.Text });
            if (await receipt.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction!.RollbackAsync(cancellationToken);
                return await StoredReceiptAsync(guard.Key!, cancellationToken);
            }

            await transaction!.CommitAsync(cancellationToken);
        }

        return new StartOutcome(started, [.. resumed.Distinct()]);
    }

    /// <summary>
    /// The insert of one instance as it is (a new one, or an imported one with its dates), optionally leased, under an optional
    /// condition whose parameters follow the instance's <see cref="InstanceValueCount"/>.
    /// </summary>
    internal static NpgsqlBatchCommand InsertInstance(
        WorkflowState s, string? replayOf, string? condition, object?[] conditionValues, bool ignoreExisting = false, InstanceLease? lease = null)
    {
        object?[] values =
        [
            s.Id, s.DefinitionId, s.DefinitionVersionId, s.DefinitionVersion, s.Status.ToString(), s.SubStatus.ToString(), Text(s.CorrelationId),
            Text(s.Name), s.Incidents.Count, s.CreatedAt.ToUniversalTime(), s.UpdatedAt.ToUniversalTime(),
            new NpgsqlParameter { Value = s.FinishedAt is { } f ? f.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz }, Text(replayOf), WorkflowJson.Serialize(s),
            Text(lease?.Owner), new NpgsqlParameter { Value = lease is null ? DBNull.Value : lease.Duration, NpgsqlDbType = NpgsqlDbType.Interval },
            lease is null ? 0L : InstanceLease.FirstFence, .. conditionValues,
        ];
        return Command(
            $"""
            INSERT INTO workflow_instances ({InstanceColumns})
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::json, $15, now() + $16, $17{(condition is null ? "" : " WHERE " + condition)}
            {(ignoreExisting ? "ON CONFLICT (id) DO NOTHING" : "")}
            """,
            values);
    }

    /// <summary>
    /// Adds the guard's claim; returns the condition (its parameters numbered from $1) under which the claim is this call's,
    /// and the values of those parameters; or no condition.
    /// </summary>
    private static (string? Condition, object?[] Values) AddClaim(NpgsqlBatch batch, StartGuard guard, IReadOnlyList<NewInstance> instances, string claim)
    {
        switch (guard.Kind)
        {
            case StartGuardKind.TimerSlot:
                // A slot whose Singleton is still running is taken with no instance: it is skipped, not fired later.
                var first = instances[0];
                batch.BatchCommands.Add(first.Singleton
                    ? Command(
                        $"""
                        INSERT INTO timer_fires (trigger_id, slot, instance_id)
                        SELECT $1, $2, CASE WHEN {Running("$4")} THEN NULL ELSE $3 END
                        ON CONFLICT DO NOTHING
                        """,
                        guard.Key, guard.Slot, first.State.Id, first.State.DefinitionId)
                    : Command("INSERT INTO timer_fires (trigger_id, slot, instance_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", guard.Key, guard.Slot, first.State.Id));
                return ("EXISTS (SELECT 1 FROM timer_fires WHERE trigger_id = $1 AND slot = $2 AND instance_id = $3)", [guard.Key, guard.Slot, first.State.Id]);
            case StartGuardKind.EventReceipt:
                batch.BatchCommands.Add(Command(
                    "INSERT INTO event_receipts (key, event_name, result) VALUES ($1, $2, jsonb_build_object('claim', $3::text)) ON CONFLICT DO NOTHING",
                    guard.Key, guard.EventName, claim));
                return ("EXISTS (SELECT 1 FROM event_receipts WHERE key = $1 AND result->>'claim' = $2)", [guard.Key, claim]);
            default:
                return (null, []);
        }
    }

    /// <summary>The singleton check: an instance of the definition named by <paramref name="definitionId"/> is running.</summary>
    private static string Running(string definitionId) => $"EXISTS (SELECT 1 FROM workflow_instances WHERE definition_id = {definitionId} AND status = 'Running')";

    /// <summary>The condition with its parameters $1, $2, $3 renumbered from <paramref name="first"/>.</summary>
    private static string Numbered(string condition, int first) =>
        System.Text.RegularExpressions.Regex.Replace(condition, @"\$(\d+)", m => "$" + (first - 1 + int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<StartOutcome> StoredReceiptAsync(string key, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand("SELECT result->'startedInstanceIds', result->'resumedInstanceIds' FROM event_receipts WHERE key = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var (started, resumed) = await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? (WorkflowJson.Deserialize<List<string>>(reader.GetString(0)) ?? [], reader.IsDBNull(1) ? [] : WorkflowJson.Deserialize<List<string>>(reader.GetString(1)) ?? [])
            : ([], []);
        return new StartOutcome(started, resumed, Replayed: true);
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values) => InstanceStore.Command(sql, values);

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
