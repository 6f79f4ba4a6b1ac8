using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Reads of instances (state, due queue rows, the HTTP response a workflow wrote). Writes go through <see cref="InstanceStarter"/>
/// (new instances), <see cref="StepWriter"/> (steps), <see cref="WorkQueue"/> (queue rows and leases) and
/// <see cref="InstanceImporter"/> (imports).
/// </summary>
public sealed class InstanceStore(NpgsqlDataSource dataSource)
{
    public const string WorkChannel = "prometei_work";
    public const string HttpResponseChannel = "prometei_http";

    /// <summary>The instance's state and its due queue rows, oldest first.</summary>
    public async Task<(WorkflowState State, IReadOnlyList<WorkItem> Items)?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT state::text FROM workflow_instances WHERE id = $1", instanceId));
        batch.BatchCommands.Add(Command(DueWorkItemsSql, instanceId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var state = WorkflowJson.Deserialize<WorkflowState>(reader.GetString(0));
        await reader.NextResultAsync(cancellationToken);
        return (state, await ReadWorkItemsAsync(reader, cancellationToken));
    }

    /// <summary>The instance's due queue rows, oldest first (its state came with its claim).</summary>
    public async Task<IReadOnlyList<WorkItem>> DueWorkItemsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(DueWorkItemsSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await ReadWorkItemsAsync(reader, cancellationToken);
    }

    private const string DueWorkItemsSql =
        "SELECT id, kind, target_id, payload::text, due_at, trace_parent FROM work_items WHERE instance_id = $1 AND due_at <= now() ORDER BY id";

    private static async Task<IReadOnlyList<WorkItem>> ReadWorkItemsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var items = new List<WorkItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new WorkItem(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : JsonNode.Parse(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return items;
    }

    /// <summary>Faulted instances (optionally of one definition), oldest first, after <paramref name="afterId"/>, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> FaultedIdsAsync(string? definitionId, string? afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id FROM workflow_instances
            WHERE outcome = 'Faulted' AND ($1::text IS NULL OR definition_id = $1) AND ($2::text IS NULL OR id > $2)
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

    internal static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    internal static NpgsqlParameter Json(JsonNode? value) => new() { Value = (object?)value?.ToJsonString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
