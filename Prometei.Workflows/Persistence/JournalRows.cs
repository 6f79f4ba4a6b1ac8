using System.Text.Json.Nodes;
using Npgsql;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>The rows of an instance's journal (execution records, log) and bookmarks, as the step writer and the importer write them.</summary>
internal static class JournalRows
{
    internal const string InsertRecordSql =
        """
        INSERT INTO activity_executions (id, instance_id, activity_instance_id, activity_id, activity_node_id, activity_type, activity_name,
            attempt, status, activity_state, outputs, outcomes, exception, has_bookmarks, started_at, completed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14, $15, $16)
        """;

    /// <summary>A step rewrites the record of an attempt as it goes on; a null state or outputs keeps what is stored.</summary>
    internal const string UpsertRecordSql = InsertRecordSql + "\n" +
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

    internal const string InsertLogSql =
        """
        INSERT INTO execution_log (id, instance_id, sequence, activity_instance_id, parent_activity_instance_id, activity_id, activity_type,
            activity_name, node_id, timestamp, event_name, message, source, payload)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)
        """;

    internal const string InsertBookmarkSql =
        "INSERT INTO bookmarks (id, instance_id, name, activity_node_id, activity_type, resume_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";


    internal static object?[] RecordValues(ActivityExecutionRecord r) =>
    [
        r.Id, r.WorkflowInstanceId, r.ActivityInstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, Text(r.ActivityName),
        r.Attempt, r.Status.ToString(), Json(r.ActivityState), Json(r.Outputs), Json(new JsonArray([.. r.Outcomes.Select(o => (JsonNode?)o)])),
        r.Exception is null ? Json(null) : Json(JsonNode.Parse(WorkflowJson.Serialize(r.Exception))), r.HasBookmarks, r.StartedAt,
        r.CompletedAt is { } c ? c : DBNull.Value,
    ];

    internal static object?[] LogValues(ExecutionLogRecord l) =>
    [
        l.Id, l.WorkflowInstanceId, l.Sequence, Text(l.ActivityInstanceId), Text(l.ParentActivityInstanceId), l.ActivityId, l.ActivityType,
        Text(l.ActivityName), l.NodeId, l.Timestamp, l.EventName, Text(l.Message), Text(l.Source), Json(l.Payload),
    ];

    internal static object?[] BookmarkValues(string instanceId, Bookmark b, DateTimeOffset createdAt) =>
    [
        b.Id, instanceId, b.Name, b.NodeId, b.ActivityType, b.ResumeAt is { } at ? at.ToUniversalTime() : DBNull.Value, createdAt,
    ];

    private static NpgsqlParameter Text(string? value) => InstanceStore.Text(value);

    private static NpgsqlParameter Json(JsonNode? value) => InstanceStore.Json(value);
}
