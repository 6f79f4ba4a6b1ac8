using Npgsql;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Writes the steps of a running instance. Every step is one batch in one transaction, checked against the lease's fence:
/// the state, its journal records and log, bookmarks and queue rows together, or nothing. Steps of concurrent instances share
/// transactions (<see cref="WriteGroup"/>); each still commits or fails on its own.
/// </summary>
public sealed class StepWriter(NpgsqlDataSource dataSource, WriteGroup? writes = null)
{
    private readonly WriteGroup _writes = writes ?? new WriteGroup(dataSource);

    /// <summary>
    /// Writes one step: fails with <see cref="LeaseLostException"/>, writing nothing, when the fence moved on
    /// (another node took the instance over after this one's lease ran out).
    /// </summary>
    public async Task CommitAsync(StepCommit commit, CancellationToken cancellationToken = default)
    {
        var s = commit.State;
        await using var batch = new NpgsqlBatch();
        var step = commit.Step;

        // The state under the fence: when another node took the instance over (the fence moved on), nothing is updated and
        // prometei_fence_lost aborts the whole batch.
        batch.BatchCommands.Add(Command(
            """
            WITH updated AS (
                UPDATE workflow_instances
                SET status = $2, sub_status = $3, correlation_id = $4, incident_count = $5, updated_at = $6, finished_at = $7, state = $8::json,
                    lease_owner = CASE WHEN $9 THEN NULL ELSE lease_owner END,
                    lease_until = CASE WHEN $9 THEN NULL ELSE lease_until END, name = $10
                WHERE id = $1 AND fence = $11
                RETURNING 1)
            SELECT prometei_fence_lost($1, $11) WHERE NOT EXISTS (SELECT 1 FROM updated)
            """,
            s.Id, s.Status.ToString(), s.SubStatus.ToString(), Text(s.CorrelationId), s.Incidents.Count, s.UpdatedAt,
            s.FinishedAt is { } f ? f : DBNull.Value, WorkflowJson.Serialize(s), commit.ReleaseLease, Text(s.Name), commit.Fence));

        if (step.Records.Count > 0)
        {
            batch.BatchCommands.Add(Command(JournalRows.InsertRecordsSql, JournalRows.RecordValues(s.Id, step.Records)));
        }

        if (JournalRows.LogValues(s.Id, commit.ExtraLog.Concat(step.Log)) is { } log)
        {
            batch.BatchCommands.Add(Command(JournalRows.InsertLogSql, log));
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
            batch.BatchCommands.Add(Command(JournalRows.InsertBookmarkSql, JournalRows.BookmarkValues(s.Id, b, s.UpdatedAt)));
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
            batch.BatchCommands.Add(Command($"SELECT pg_notify('{InstanceStore.HttpResponseChannel}', $1)", s.Id));
        }

        if (step.WakeUps.Count > 0 || commit.ExtraNotify)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')"));
        }

        try
        {
            await _writes.WriteAsync(batch, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == "PR001")
        {
            throw new LeaseLostException(s.Id, commit.Fence);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values) => InstanceStore.Command(sql, values);

    private static NpgsqlParameter Text(string? value) => InstanceStore.Text(value);
}
