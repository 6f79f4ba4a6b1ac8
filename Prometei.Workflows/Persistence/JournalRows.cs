using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// The rows of an instance's journal (execution records, log) and bookmarks, as the step writer and the importer write them:
/// a step's records as one row of <c>activity_execution_steps</c> and its log as one row of <c>execution_log_steps</c> (read
/// through the <c>activity_executions</c> and <c>execution_log</c> views, one row per record).
/// </summary>
internal static class JournalRows
{
    /// <summary>Non-ASCII text (Russian) written as it is, not as \u escapes (six bytes a letter instead of two).</summary>
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A step's records as one row of <c>activity_execution_steps</c> (read through the <c>activity_executions</c> view).</summary>
    internal const string InsertRecordsSql = "INSERT INTO activity_execution_steps (instance_id, records) VALUES ($1, $2::json)";

    /// <summary>Imported record ids, which need not name their instance (<see cref="ExecutionRecordId"/>): listed, and kept unique.</summary>
    internal const string InsertRecordIdsSql = "INSERT INTO activity_execution_ids (id, instance_id) SELECT unnest($1::text[]), $2";

    internal const string InsertLogSql = "INSERT INTO execution_log_steps (instance_id, first_sequence, records) VALUES ($1, $2, $3::jsonb)";

    internal const string InsertBookmarkSql =
        "INSERT INTO bookmarks (id, instance_id, name, activity_node_id, activity_type, resume_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>
    /// The values of <see cref="InsertRecordsSql"/>: the records as a json array of objects named like the view's columns, a null
    /// value left out. A later version of a record with a null state or outputs keeps the earlier's (the view reads the same
    /// way across steps), so of two records with one id in a step the later is written with the earlier's state and outputs
    /// where it has none.
    /// </summary>
    internal static object?[] RecordValues(string instanceId, IReadOnlyList<ActivityExecutionRecord> records)
    {
        var rows = new List<(ActivityExecutionRecord Record, JsonObject? State, JsonObject? Outputs)>(records.Count);
        foreach (var r in records)
        {
            var earlier = rows.FindIndex(x => x.Record.Id == r.Id);
            if (earlier >= 0)
            {
                rows[earlier] = (r, r.ActivityState ?? rows[earlier].State, r.Outputs ?? rows[earlier].Outputs);
            }
            else
            {
                rows.Add((r, r.ActivityState, r.Outputs));
            }
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            json.WriteStartArray();
            foreach (var (r, state, outputs) in rows)
            {
                WriteRecord(json, r, state, outputs);
            }

            json.WriteEndArray();
        }

        return [instanceId, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)];
    }

    /// <summary>The values of <see cref="InsertRecordIdsSql"/>.</summary>
    internal static object?[] RecordIdValues(string instanceId, IEnumerable<ActivityExecutionRecord> records) =>
        [Texts(records.Select(r => r.Id).Distinct(StringComparer.Ordinal)), instanceId];

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

    private static void WriteRecord(Utf8JsonWriter json, ActivityExecutionRecord r, JsonObject? state, JsonObject? outputs)
    {
        json.WriteStartObject();
        json.WriteString("id", r.Id);
        json.WriteString("activity_instance_id", r.ActivityInstanceId);
        json.WriteString("activity_id", r.ActivityId);
        json.WriteString("activity_node_id", r.ActivityNodeId);
        json.WriteString("activity_type", r.ActivityType);
        WriteIfSet(json, "activity_name", r.ActivityName);
        json.WriteNumber("attempt", r.Attempt);
        json.WriteString("status", r.Status.ToString());
        WriteIfSet(json, "activity_state", state);
        WriteIfSet(json, "outputs", outputs);
        json.WritePropertyName("outcomes");
        json.WriteStartArray();
        foreach (var o in r.Outcomes)
        {
            json.WriteStringValue(o);
        }

        json.WriteEndArray();
        if (r.Exception is not null)
        {
            json.WritePropertyName("exception");
            JsonSerializer.Serialize(json, r.Exception, WorkflowJson.Options);
        }

        json.WriteBoolean("has_bookmarks", r.HasBookmarks);
        json.WriteString("started_at", Timestamp(r.StartedAt));
        if (r.CompletedAt is { } completed)
        {
            json.WriteString("completed_at", Timestamp(completed));
        }

        json.WriteEndObject();
    }

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
        json.WriteString("timestamp", Timestamp(l.Timestamp));
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

    private static void WriteIfSet(Utf8JsonWriter json, string name, JsonObject? value)
    {
        if (value is not null)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }
    }

    /// <summary>UTC, cut to microseconds, as a timestamptz parameter would be.</summary>
    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
