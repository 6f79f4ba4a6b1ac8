using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// The rows of an instance's journal (execution records, log) and bookmarks, as the step writer and the importer write them:
/// a step's records in one multi-row statement, and its log as one row of <c>execution_log_steps</c> (read through the
/// <c>execution_log</c> view, one row per record).
/// </summary>
internal static class JournalRows
{
    private const string RecordColumns =
        "id, instance_id, activity_instance_id, activity_id, activity_node_id, activity_type, activity_name, attempt, status, activity_state, outputs, outcomes, exception, has_bookmarks, started_at, completed_at";

    /// <summary>The records, in one statement: one array parameter per column.</summary>
    internal const string InsertRecordsSql =
        $"""
        INSERT INTO activity_executions ({RecordColumns})
        SELECT id, instance_id, activity_instance_id, activity_id, activity_node_id, activity_type, activity_name, attempt, status,
            activity_state::jsonb, outputs::jsonb, outcomes::jsonb, exception::jsonb, has_bookmarks, started_at, completed_at
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[],
            $10::text[], $11::text[], $12::text[], $13::text[], $14::boolean[], $15::timestamptz[], $16::timestamptz[]) AS r ({RecordColumns})
        """;

    /// <summary>A step rewrites the record of an attempt as it goes on; a null state or outputs keeps what is stored.</summary>
    internal const string UpsertRecordsSql = InsertRecordsSql + "\n" +
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

    internal const string InsertLogSql = "INSERT INTO execution_log_steps (instance_id, first_sequence, records) VALUES ($1, $2, $3::jsonb)";

    internal const string InsertBookmarkSql =
        "INSERT INTO bookmarks (id, instance_id, name, activity_node_id, activity_type, resume_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>
    /// The records as the sixteen column arrays of <see cref="InsertRecordsSql"/>. An upsert cannot touch a row twice, so of two
    /// records with one id the later is written, keeping the earlier's state and outputs where the later has none (as two
    /// upserts in a row would).
    /// </summary>
    internal static object?[] RecordValues(IReadOnlyList<ActivityExecutionRecord> records)
    {
        var rows = new List<(ActivityExecutionRecord Record, string? State, string? Outputs)>(records.Count);
        foreach (var r in records)
        {
            var state = r.ActivityState?.ToJsonString();
            var outputs = r.Outputs?.ToJsonString();
            var earlier = rows.FindIndex(x => x.Record.Id == r.Id);
            if (earlier >= 0)
            {
                rows[earlier] = (r, state ?? rows[earlier].State, outputs ?? rows[earlier].Outputs);
            }
            else
            {
                rows.Add((r, state, outputs));
            }
        }

        return
        [
            Texts(rows.Select(x => x.Record.Id)), Texts(rows.Select(x => x.Record.WorkflowInstanceId)), Texts(rows.Select(x => x.Record.ActivityInstanceId)),
            Texts(rows.Select(x => x.Record.ActivityId)), Texts(rows.Select(x => x.Record.ActivityNodeId)), Texts(rows.Select(x => x.Record.ActivityType)),
            Texts(rows.Select(x => x.Record.ActivityName)), rows.Select(x => x.Record.Attempt).ToArray(), Texts(rows.Select(x => x.Record.Status.ToString())),
            Texts(rows.Select(x => x.State)), Texts(rows.Select(x => x.Outputs)), Texts(rows.Select(x => WorkflowJson.Serialize(x.Record.Outcomes))),
            Texts(rows.Select(x => x.Record.Exception is null ? null : WorkflowJson.Serialize(x.Record.Exception))),
            rows.Select(x => x.Record.HasBookmarks).ToArray(),
            new NpgsqlParameter { Value = rows.Select(x => x.Record.StartedAt.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            new NpgsqlParameter { Value = rows.Select(x => x.Record.CompletedAt?.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
        ];
    }

    /// <summary>The values of <see cref="InsertLogSql"/> for a step's log records (in sequence order), or null when there are none.</summary>
    internal static object?[]? LogValues(string instanceId, IEnumerable<ExecutionLogRecord> log)
    {
        using var buffer = new MemoryStream();
        long? first = null;
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var l in log)
            {
                first ??= l.Sequence;
                WriteLog(json, l);
            }

            json.WriteEndArray();
        }

        return first is { } sequence ? [instanceId, sequence, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)] : null;
    }

    internal static object?[] BookmarkValues(string instanceId, Bookmark b, DateTimeOffset createdAt) =>
    [
        b.Id, instanceId, b.Name, b.NodeId, b.ActivityType, b.ResumeAt is { } at ? at.ToUniversalTime() : DBNull.Value, createdAt,
    ];

    /// <summary>
    /// One log record under the column names of the <c>execution_log</c> view; a null value is left out. The timestamp is cut
    /// to microseconds, as a timestamptz parameter would be.
    /// </summary>
    private static void WriteLog(Utf8JsonWriter json, ExecutionLogRecord l)
    {
        json.WriteStartObject();
        json.WriteString("id", l.Id);
        json.WriteNumber("sequence", l.Sequence);
        WriteIfSet(json, "activity_instance_id", l.ActivityInstanceId);
        WriteIfSet(json, "parent_activity_instance_id", l.ParentActivityInstanceId);
        json.WriteString("activity_id", l.ActivityId);
        json.WriteString("activity_type", l.ActivityType);
        WriteIfSet(json, "activity_name", l.ActivityName);
        json.WriteString("node_id", l.NodeId);
        json.WriteString("timestamp", l.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("event_name", l.EventName);
        WriteIfSet(json, "message", l.Message);
        WriteIfSet(json, "source", l.Source);
        if (l.Payload is not null)
        {
            json.WritePropertyName("payload");
            l.Payload.WriteTo(json);
        }

        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
