using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Instances, the work queue and the journal. Every write that changes an instance is one batch in one transaction:
/// the state, its journal records, bookmarks and queue rows together, or nothing.
/// </summary>
public sealed class InstanceStore(NpgsqlDataSource dataSource)
{
    public const string WorkChannel = "prometei_work";
    public const string HttpResponseChannel = "prometei_http";

    private const string InsertRecordSql =
        """
        INSERT INTO activity_executions (id, instance_id, activity_instance_id, activity_id, activity_node_id, activity_type, activity_name,
            attempt, status, activity_state, outputs, outcomes, exception, has_bookmarks, started_at, completed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14, $15, $16)
        """;

    /// <summary>A step rewrites the record of an attempt as it goes on; a null state or outputs keeps what is stored.</summary>
    private const string UpsertRecordSql = InsertRecordSql + "\n" +
        """
        ON CONFLICT (id) DO UPDATE SET
            status = EXCLUDED.status,
            activity_state = coalesce(EXCLUDED.activity_state, activity_executions.activity_state),
            outputs = coalesce(EXCLUDED.outputs, activity_executions.outputs),
            outcomes = EXCLUDED.outcomes,
            exception = EXCLUDED.exception,
            has_bookmarks = EXCLUDED.has_bookmarks,
            completed_at = EXCLUDED.completed_at
        """;

    private const string InsertLogSql =
        """
        INSERT INTO execution_log (id, instance_id, sequence, activity_instance_id, parent_activity_instance_id, activity_id, activity_type,
            activity_name, node_id, timestamp, event_name, message, source, payload)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)
        """;

    private const string InsertBookmarkSql =
        "INSERT INTO bookmarks (id, instance_id, name, activity_node_id, activity_type, resume_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

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
    /// A running instance, or one with an operator command waiting, can be claimed.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedInstance>> ClaimAsync(string node, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            WITH candidates AS (
                SELECT w.instance_id
                FROM work_items w JOIN workflow_instances i ON i.id = w.instance_id
                WHERE w.due_at <= now()
                  AND (i.lease_until IS NULL OR i.lease_until < now())
                  AND (i.status = 'Running' OR w.kind IN ('RetryFaulted', 'Cancel'))
                ORDER BY w.due_at
                LIMIT $2 * 4
            ), picked AS (
                SELECT i.id, i.lease_owner AS previous_owner
                FROM workflow_instances i
                WHERE i.id IN (SELECT instance_id FROM candidates)
                  AND (i.lease_until IS NULL OR i.lease_until < now())
                LIMIT $2
                FOR UPDATE OF i SKIP LOCKED
            )
            UPDATE workflow_instances i
            SET lease_owner = $1, lease_until = now() + $3, fence = i.fence + 1
            FROM picked WHERE i.id = picked.id
            RETURNING i.id, i.fence, picked.previous_owner
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = node });
        cmd.Parameters.Add(new NpgsqlParameter { Value = max });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lease });
        var result = new List<ClaimedInstance>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ClaimedInstance(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return result;
    }

    /// <summary>The instance's state and its due queue rows, oldest first.</summary>
    public async Task<(WorkflowState State, IReadOnlyList<WorkItem> Items)?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT state::text FROM workflow_instances WHERE id = $1", instanceId));
        batch.BatchCommands.Add(Command(
            "SELECT id, kind, target_id, payload::text, due_at, trace_parent FROM work_items WHERE instance_id = $1 AND due_at <= now() ORDER BY id", instanceId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var state = WorkflowJson.Deserialize<WorkflowState>(reader.GetString(0));
        await reader.NextResultAsync(cancellationToken);
        var items = new List<WorkItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new WorkItem(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : JsonNode.Parse(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return (state, items);
    }

    /// <summary>
    /// Writes one step: fails with <see cref="LeaseLostException"/>, writing nothing, when the fence moved on
    /// (another node took the instance over after this one's lease ran out).
    /// </summary>
    public async Task CommitAsync(StepCommit commit, CancellationToken cancellationToken = default)
    {
        var s = commit.State;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT prometei_check_fence($1, $2)", s.Id, commit.Fence));
        batch.BatchCommands.Add(Command(
            """
            UPDATE workflow_instances
            SET status = $2, sub_status = $3, correlation_id = $4, incident_count = $5, updated_at = $6, finished_at = $7, state = $8::jsonb,
                lease_owner = CASE WHEN $9 THEN NULL ELSE lease_owner END,
                lease_until = CASE WHEN $9 THEN NULL ELSE lease_until END, name = $10
            WHERE id = $1
            """,
            s.Id, s.Status.ToString(), s.SubStatus.ToString(), Text(s.CorrelationId), s.Incidents.Count, s.UpdatedAt,
            s.FinishedAt is { } f ? f : DBNull.Value, WorkflowJson.Serialize(s), commit.ReleaseLease, Text(s.Name)));

        var step = commit.Step;
        foreach (var r in step.Records)
        {
            batch.BatchCommands.Add(Command(UpsertRecordSql, RecordValues(r)));
        }

        foreach (var l in commit.ExtraLog.Concat(step.Log))
        {
            batch.BatchCommands.Add(Command(InsertLogSql, LogValues(l)));
        }

        foreach (var incident in step.IncidentsAdded)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO incident_alerts (instance_id, definition_id, activity_node_id, activity_type, message) VALUES ($1, $2, $3, $4, $5)",
                s.Id, s.DefinitionId, incident.ActivityNodeId, incident.ActivityType, incident.Message));
        }

        if (step.BookmarksRemoved.Count > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM bookmarks WHERE id = ANY($1)", new NpgsqlParameter { Value = step.BookmarksRemoved.ToArray() }));
        }

        foreach (var b in step.BookmarksAdded)
        {
            batch.BatchCommands.Add(Command(InsertBookmarkSql, BookmarkValues(s.Id, b, s.UpdatedAt)));
        }

        foreach (var w in step.WakeUps)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO work_items (instance_id, kind, target_id, due_at, trace_parent) VALUES ($1, $2, $3, $4, $5)",
                s.Id, w.Kind == WakeUpKind.RetryActivity ? WorkItem.Retry : WorkItem.Resume, w.TargetId, w.At.ToUniversalTime(),
                Text(WorkflowTelemetry.CurrentTraceParent())));
        }

        if (s.Status == WorkflowStatus.Finished && s.SubStatus != WorkflowSubStatus.Faulted)
        {
            // Nothing can run on a finished instance: late resumes and timers would only lie in the queue.
            batch.BatchCommands.Add(Command("DELETE FROM work_items WHERE instance_id = $1", s.Id));
        }
        else if (commit.ConsumedWorkItems.Count > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM work_items WHERE id = ANY($1)", commit.ConsumedWorkItems.ToArray()));
        }

        ChildWorkflowSignal.AddIfFinished(batch, s, step.StatusChanged);
        foreach (var response in step.HttpResponses.Take(1))
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO http_responses (instance_id, status_code, content_type, body, headers) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (instance_id) DO NOTHING",
                s.Id, response.StatusCode, Text(response.ContentType), Text(response.Body), WorkflowJson.Serialize(response.Headers)));
            batch.BatchCommands.Add(Command($"SELECT pg_notify('{HttpResponseChannel}', $1)", s.Id));
        }

        if (step.WakeUps.Count > 0 || commit.ExtraNotify)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{WorkChannel}', '')"));
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == "PR001")
        {
            throw new LeaseLostException(s.Id, commit.Fence);
        }
    }

    /// <summary>Gives a lease up without changing anything else (after a failure inside the runtime).</summary>
    public async Task ReleaseAsync(string instanceId, long fence, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE workflow_instances SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND fence = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fence });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Extends the leases this node holds.</summary>
    public async Task<int> RenewLeasesAsync(string node, IReadOnlyCollection<string> instanceIds, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        if (instanceIds.Count == 0)
        {
            return 0;
        }

        await using var cmd = dataSource.CreateCommand(
            "UPDATE workflow_instances SET lease_until = now() + $3 WHERE id = ANY($2) AND lease_owner = $1 AND lease_until IS NOT NULL");
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
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{WorkChannel}', '')"));
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
            WHERE i.id = ANY($1) AND (i.status = 'Running' OR i.sub_status = 'Faulted')
              AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.instance_id = i.id AND w.kind = '{WorkItem.Cancel}')
            """,
            new NpgsqlParameter { Value = instanceIds.ToArray() }, Text(WorkflowTelemetry.CurrentTraceParent())));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{WorkChannel}', '')"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected;
    }

    /// <summary>
    /// Writes exported instances in one transaction: each instance row with its state, its execution records, its log and its
    /// bookmarks. An instance whose id exists already is left as it is, journal included, and reported as skipped. Every
    /// instance's definition version must exist (it stays locked against deletion until the commit); when one does not, or when
    /// a record or log id of the files is taken, nothing is written. Nothing is queued: the instances do not run by themselves.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(IReadOnlyList<ImportedInstance> imports, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var errors = await CheckVersionsAsync(connection, transaction, imports, cancellationToken);
        if (errors.Count > 0)
        {
            return new ImportOutcome(0, [], errors);
        }

        var imported = 0;
        var skipped = new List<string>();
        foreach (var import in imports)
        {
            var s = import.State;
            await using var insert = new NpgsqlBatch(connection, transaction);
            insert.BatchCommands.Add(InstanceStarter.InsertInstance(s, import.ReplayOf, null, [], ignoreExisting: true));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                skipped.Add(s.Id);
                continue;
            }

            await using var journal = new NpgsqlBatch(connection, transaction);
            foreach (var r in import.Records)
            {
                journal.BatchCommands.Add(Command(InsertRecordSql, RecordValues(r)));
            }

            foreach (var l in import.Log)
            {
                journal.BatchCommands.Add(Command(InsertLogSql, LogValues(l)));
            }

            foreach (var b in s.Bookmarks)
            {
                journal.BatchCommands.Add(Command(InsertBookmarkSql, BookmarkValues(s.Id, b, (s.FindFrame(b.FrameId)?.StartedAt ?? s.UpdatedAt).ToUniversalTime())));
            }

            if (journal.BatchCommands.Count > 0)
            {
                try
                {
                    await journal.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    return new ImportOutcome(0, [], [$"Workflow instance '{s.Id}': a record of its journal has an id another instance already uses ({ex.TableName}); nothing was imported."]);
                }
            }

            imported++;
        }

        await transaction.CommitAsync(cancellationToken);
        return new ImportOutcome(imported, skipped, []);
    }

    /// <summary>Faulted instances (optionally of one definition), oldest first, after <paramref name="afterId"/>, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> FaultedIdsAsync(string? definitionId, string? afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id FROM workflow_instances
            WHERE sub_status = 'Faulted' AND ($1::text IS NULL OR definition_id = $1) AND ($2::text IS NULL OR id > $2)
            ORDER BY id LIMIT $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)definitionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)afterId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<WorkflowState?> GetStateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT state::text FROM workflow_instances WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? WorkflowJson.Deserialize<WorkflowState>(json) : null;
    }

    /// <summary>The response a workflow wrote for the request that started it, if any yet.</summary>
    public async Task<HttpResponseData?> GetHttpResponseAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT status_code, content_type, body, headers::text FROM http_responses WHERE instance_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new HttpResponseData(
            reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            WorkflowJson.Deserialize<Dictionary<string, string>>(reader.GetString(3)));
    }

    /// <summary>The versions the instances name, locked until the transaction ends; an error for each that is missing or differs.</summary>
    private static async Task<List<string>> CheckVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ImportedInstance> imports, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, (string DefinitionId, int Version)>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command(
                "SELECT id, definition_id, version FROM workflow_definitions WHERE id = ANY($1) ORDER BY id FOR SHARE",
                new NpgsqlParameter { Value = imports.Select(i => i.State.DefinitionVersionId).Distinct(StringComparer.Ordinal).ToArray() }));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
            }
        }

        var errors = new List<string>();
        foreach (var s in imports.Select(i => i.State))
        {
            if (!versions.TryGetValue(s.DefinitionVersionId, out var version))
            {
                errors.Add($"Workflow instance '{s.Id}': its definition version '{s.DefinitionVersionId}' does not exist here; import that definition version first.");
            }
            else if (version.DefinitionId != s.DefinitionId || version.Version != s.DefinitionVersion)
            {
                errors.Add($"Workflow instance '{s.Id}': definition version '{s.DefinitionVersionId}' is version {version.Version} of '{version.DefinitionId}' here, not version {s.DefinitionVersion} of '{s.DefinitionId}'.");
            }
        }

        return errors;
    }

    private static object?[] RecordValues(ActivityExecutionRecord r) =>
    [
        r.Id, r.WorkflowInstanceId, r.ActivityInstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, Text(r.ActivityName),
        r.Attempt, r.Status.ToString(), Json(r.ActivityState), Json(r.Outputs), Json(new JsonArray([.. r.Outcomes.Select(o => (JsonNode?)o)])),
        r.Exception is null ? Json(null) : Json(JsonNode.Parse(WorkflowJson.Serialize(r.Exception))), r.HasBookmarks, r.StartedAt,
        r.CompletedAt is { } c ? c : DBNull.Value,
    ];

    private static object?[] LogValues(ExecutionLogRecord l) =>
    [
        l.Id, l.WorkflowInstanceId, l.Sequence, Text(l.ActivityInstanceId), Text(l.ParentActivityInstanceId), l.ActivityId, l.ActivityType,
        Text(l.ActivityName), l.NodeId, l.Timestamp, l.EventName, Text(l.Message), Text(l.Source), Json(l.Payload),
    ];

    private static object?[] BookmarkValues(string instanceId, Bookmark b, DateTimeOffset createdAt) =>
    [
        b.Id, instanceId, b.Name, b.NodeId, b.ActivityType, b.ResumeAt is { } at ? at.ToUniversalTime() : DBNull.Value, createdAt,
    ];

    internal static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Json(JsonNode? value) => new() { Value = (object?)value?.ToJsonString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
