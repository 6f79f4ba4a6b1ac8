using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Reads of an instance's journal (execution log) and activity execution records, by instance and node.</summary>
public sealed class JournalQueries(NpgsqlDataSource dataSource)
{
    private const string LogColumns =
        "id, instance_id, activity_instance_id, parent_activity_instance_id, activity_id, activity_type, activity_name, node_id, timestamp, sequence, event_name, message, source, payload::text";

    private const string RecordColumns =
        "a.id, a.activity_instance_id, a.instance_id, a.activity_id, a.activity_node_id, a.activity_type, a.activity_name, a.attempt, a.status, "
        + "a.activity_state::text, a.outputs::text, a.outcomes::text, a.exception::text, a.has_bookmarks, a.started_at, a.completed_at";

    /// <summary>
    /// The instance of the record <c>$1</c> (<see cref="AddRecordId"/>): the one <c>activity_execution_ids</c> lists it under (an
    /// older or imported id), else the one its id names (<c>$2</c>). A value, so that the view reads that instance's rows only.
    /// </summary>
    private const string InstanceOfRecord = "coalesce((SELECT i.instance_id FROM activity_execution_ids i WHERE i.id = $1), $2)";

    /// <summary>The instance's log records, oldest first by sequence, and how many match.</summary>
    public async Task<Page<ExecutionLogRecord>> ListLogAsync(string instanceId, JournalFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        var conditions = new SqlConditions();
        conditions.Add($"instance_id = {conditions.Parameter(instanceId)}");
        if (filter.NodeIds.Count > 0)
        {
            conditions.Add($"node_id = ANY({conditions.Parameter(filter.NodeIds.ToArray())})");
        }

        if (filter.ActivityIds.Count > 0)
        {
            conditions.Add($"activity_id = ANY({conditions.Parameter(filter.ActivityIds.ToArray())})");
        }

        if (filter.ExcludedActivityTypes.Count > 0)
        {
            conditions.Add($"activity_type <> ALL({conditions.Parameter(filter.ExcludedActivityTypes.ToArray())})");
        }

        if (filter.EventNames.Count > 0)
        {
            conditions.Add($"event_name = ANY({conditions.Parameter(filter.EventNames.ToArray())})");
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(conditions.Command(
            string.Create(CultureInfo.InvariantCulture,
                $"SELECT {LogColumns} FROM execution_log {conditions.Where} ORDER BY sequence OFFSET {Math.Max(skip, 0)} LIMIT {Math.Max(take, 0)}")));
        batch.BatchCommands.Add(conditions.Command($"SELECT count(*) FROM execution_log {conditions.Where}"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<ExecutionLogRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadLog(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Page<ExecutionLogRecord>(items, reader.GetInt64(0));
    }

    /// <summary>The instance's execution records (every attempt), of one node or of all, oldest first.</summary>
    public async Task<IReadOnlyList<ActivityExecutionRecord>> ListExecutionsAsync(string instanceId, string? nodeId, CancellationToken cancellationToken = default)
    {
        // Two statements rather than "$2 IS NULL OR …", so that a prepared (generic) plan still seeks (instance_id, activity_node_id).
        await using var cmd = dataSource.CreateCommand(nodeId is null
            ? $"SELECT {RecordColumns} FROM activity_executions a WHERE a.instance_id = $1 ORDER BY a.started_at, a.attempt, a.id"
            : $"SELECT {RecordColumns} FROM activity_executions a WHERE a.instance_id = $1 AND a.activity_node_id = $2 ORDER BY a.started_at, a.attempt, a.id");
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        if (nodeId is not null)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        }

        return await ReadRecordsAsync(cmd, cancellationToken);
    }

    public async Task<ActivityExecutionRecord?> GetExecutionAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {RecordColumns} FROM activity_executions a WHERE a.instance_id = {InstanceOfRecord} AND a.id = $1");
        AddRecordId(cmd.Parameters, id);
        return (await ReadRecordsAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Per node: executions started and completed, whether one waits on a bookmark, whether one ended faulted.</summary>
    public async Task<IReadOnlyList<ActivityStatsRow>> ReportAsync(string instanceId, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default)
    {
        var nodeFilter = nodeIds.Count == 0 ? "" : "AND activity_node_id = ANY($2)";
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH executions AS (
                SELECT activity_node_id, activity_instance_id, min(activity_id) AS activity_id,
                       (array_agg(status ORDER BY attempt DESC, started_at DESC))[1] AS last_status,
                       bool_or(has_bookmarks AND completed_at IS NULL) AS blocked
                FROM activity_executions
                WHERE instance_id = $1 {nodeFilter}
                GROUP BY activity_node_id, activity_instance_id
            )
            SELECT activity_node_id, min(activity_id), count(*)::int, (count(*) FILTER (WHERE last_status = 'Completed'))::int,
                   bool_or(blocked), bool_or(last_status = 'Faulted')
            FROM executions GROUP BY activity_node_id ORDER BY activity_node_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        if (nodeIds.Count > 0)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = nodeIds.ToArray() });
        }

        var rows = new List<ActivityStatsRow>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ActivityStatsRow(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }

        return rows;
    }

    /// <summary>
    /// The chain of activity executions that led to the execution <paramref name="id"/>: its ancestors' latest attempts
    /// (parents come from the journal), root first. Empty when the execution does not exist.
    /// </summary>
    public async Task<IReadOnlyList<CallStackEntry>> CallStackAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            WITH RECURSIVE target AS (
                SELECT instance_id, activity_instance_id FROM activity_executions WHERE instance_id = {InstanceOfRecord} AND id = $1
            ), parents AS (
                SELECT DISTINCT ON (l.activity_instance_id) l.activity_instance_id, l.parent_activity_instance_id
                FROM execution_log l
                WHERE l.instance_id = (SELECT instance_id FROM target) AND l.activity_instance_id IS NOT NULL
                ORDER BY l.activity_instance_id, l.sequence
            ), chain (activity_instance_id, depth) AS (
                SELECT activity_instance_id, 0 FROM target
                UNION ALL
                SELECT p.parent_activity_instance_id, c.depth + 1
                FROM chain c JOIN parents p ON p.activity_instance_id = c.activity_instance_id
                WHERE p.parent_activity_instance_id IS NOT NULL AND c.depth < 256
            )
            SELECT c.depth, {RecordColumns}
            FROM chain c
            JOIN LATERAL (
                SELECT * FROM activity_executions x
                WHERE x.instance_id = (SELECT instance_id FROM target) AND x.activity_instance_id = c.activity_instance_id
                ORDER BY (x.id = $1) DESC, x.attempt DESC, x.started_at DESC
                LIMIT 1
            ) a ON true
            ORDER BY c.depth DESC
            """);
        AddRecordId(cmd.Parameters, id);
        var rows = new List<(ActivityExecutionRecord Record, int Depth)>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((ReadRecord(reader, 1), reader.GetInt32(0)));
        }

        var top = rows.Count == 0 ? 0 : rows.Max(r => r.Depth);
        return [.. rows.Select(r => new CallStackEntry(r.Record, top - r.Depth))];
    }

    private static void AddRecordId(NpgsqlParameterCollection parameters, string id)
    {
        parameters.Add(new NpgsqlParameter { Value = id });
        parameters.Add(new NpgsqlParameter { Value = (object?)ExecutionRecordId.InstanceOf(id) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }

    private static async Task<List<ActivityExecutionRecord>> ReadRecordsAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var records = new List<ActivityExecutionRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadRecord(reader, 0));
        }

        return records;
    }

    private static ActivityExecutionRecord ReadRecord(DbDataReader r, int o) => new()
    {
        Id = r.GetString(o),
        ActivityInstanceId = r.GetString(o + 1),
        WorkflowInstanceId = r.GetString(o + 2),
        ActivityId = r.GetString(o + 3),
        ActivityNodeId = r.GetString(o + 4),
        ActivityType = r.GetString(o + 5),
        ActivityName = r.IsDBNull(o + 6) ? null : r.GetString(o + 6),
        Attempt = r.GetInt32(o + 7),
        Status = Enum.TryParse<ActivityExecutionStatus>(r.GetString(o + 8), out var status) ? status : ActivityExecutionStatus.Running,
        ActivityState = r.IsDBNull(o + 9) ? null : JsonNode.Parse(r.GetString(o + 9)) as JsonObject,
        Outputs = r.IsDBNull(o + 10) ? null : JsonNode.Parse(r.GetString(o + 10)) as JsonObject,
        Outcomes = r.IsDBNull(o + 11) ? [] : [.. (JsonNode.Parse(r.GetString(o + 11)) as JsonArray ?? []).Select(n => n?.ToString() ?? "")],
        Exception = r.IsDBNull(o + 12) ? null : WorkflowJson.Deserialize<ExceptionInfo>(r.GetString(o + 12)),
        HasBookmarks = r.GetBoolean(o + 13),
        StartedAt = r.GetFieldValue<DateTimeOffset>(o + 14),
        CompletedAt = r.IsDBNull(o + 15) ? null : r.GetFieldValue<DateTimeOffset>(o + 15),
    };

    private static ExecutionLogRecord ReadLog(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
        r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetFieldValue<DateTimeOffset>(8), r.GetInt64(9), r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : JsonNode.Parse(r.GetString(13)));
}
