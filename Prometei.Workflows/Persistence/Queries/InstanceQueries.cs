using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Reads of workflow instances for the Elsa API, each by an indexed key; counts are done in SQL.</summary>
public sealed class InstanceQueries(NpgsqlDataSource dataSource)
{
    private const string SummaryColumns =
        "id, definition_id, definition_version_id, version, status, sub_status, correlation_id, name, incident_count, created_at, updated_at, finished_at, replay_of";

    /// <summary>A page of instances and how many match, in one round trip.</summary>
    public async Task<Page<InstanceSummary>> ListAsync(InstanceListQuery query, CancellationToken cancellationToken = default)
    {
        var conditions = Conditions(query);
        var order = query.OrderBy switch
        {
            InstanceOrder.LastExecuted => "updated_at",
            InstanceOrder.Finished => "finished_at",
            InstanceOrder.Name => "lower(name)",
            _ => "created_at",
        };
        // created_at and updated_at are never null: a plain direction lets the created_at index serve the default order.
        var nullable = query.OrderBy is InstanceOrder.Finished or InstanceOrder.Name;
        var direction = (query.Descending ? "DESC" : "ASC") + (nullable ? " NULLS LAST" : "");
        var paging = string.Create(CultureInfo.InvariantCulture, $"LIMIT {Math.Max(query.Take, 0)} OFFSET {Math.Max(query.Skip, 0)}");

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(conditions.Command(
            $"SELECT {SummaryColumns} FROM workflow_instances {conditions.Where} ORDER BY {order} {direction}, id {paging}"));
        batch.BatchCommands.Add(conditions.Command($"SELECT count(*) FROM workflow_instances {conditions.Where}"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<InstanceSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadSummary(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Page<InstanceSummary>(items, reader.GetInt64(0));
    }

    /// <summary>
    /// The ids of the matching instances after <paramref name="afterId"/> in id order, at most <paramref name="take"/>: pages
    /// that stay stable while the instances they list change status.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindIdsAsync(InstanceListQuery query, string? afterId, int take, CancellationToken cancellationToken = default)
    {
        var conditions = Conditions(query);
        if (afterId is not null)
        {
            conditions.Add($"id > {conditions.Parameter(afterId, NpgsqlDbType.Text)}");
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(conditions.Command(
            string.Create(CultureInfo.InvariantCulture, $"SELECT id FROM workflow_instances {conditions.Where} ORDER BY id LIMIT {Math.Max(take, 0)}")));
        var ids = new List<string>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>One instance with its state, or null.</summary>
    public async Task<InstanceDetails?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {SummaryColumns}, state::text FROM workflow_instances WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new InstanceDetails(ReadSummary(reader), WorkflowJson.Deserialize<WorkflowState>(reader.GetString(13)));
    }

    /// <summary>The instance's status and last update, without its state, or null.</summary>
    public async Task<InstanceStatus?> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT status, sub_status, updated_at FROM workflow_instances WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new InstanceStatus(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    /// <summary>The ids of the running instances of a version or of a definition.</summary>
    public async Task<IReadOnlyList<string>> FindRunningAsync(string? definitionVersionId, string? definitionId, CancellationToken cancellationToken = default)
    {
        if (definitionVersionId is null && definitionId is null)
        {
            return [];
        }

        await using var cmd = dataSource.CreateCommand(definitionVersionId is not null
            ? "SELECT id FROM workflow_instances WHERE definition_version_id = $1 AND status = 'Running' ORDER BY created_at"
            : "SELECT id FROM workflow_instances WHERE definition_id = $1 AND status = 'Running' ORDER BY created_at");
        cmd.Parameters.Add(new NpgsqlParameter { Value = definitionVersionId ?? definitionId });
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Deletes instances with their journals (the foreign keys cascade). Returns how many were deleted.</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var cmd = dataSource.CreateCommand("DELETE FROM workflow_instances WHERE id = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqlConditions Conditions(InstanceListQuery query)
    {
        var conditions = new SqlConditions();
        if (query.Ids.Count > 0)
        {
            conditions.Add($"id = ANY({conditions.Parameter(query.Ids.ToArray())})");
        }

        if (query.DefinitionIds.Count > 0)
        {
            conditions.Add($"definition_id = ANY({conditions.Parameter(query.DefinitionIds.ToArray())})");
        }

        if (query.DefinitionVersionId is { } versionId)
        {
            conditions.Add($"definition_version_id = {conditions.Parameter(versionId, NpgsqlDbType.Text)}");
        }

        if (query.DefinitionVersionIds.Count > 0)
        {
            conditions.Add($"definition_version_id = ANY({conditions.Parameter(query.DefinitionVersionIds.ToArray())})");
        }

        if (query.CorrelationId is { } correlationId)
        {
            conditions.Add($"correlation_id = {conditions.Parameter(correlationId, NpgsqlDbType.Text)}");
        }

        if (query.CorrelationIds.Count > 0)
        {
            conditions.Add($"correlation_id = ANY({conditions.Parameter(query.CorrelationIds.ToArray())})");
        }

        if (query.Names.Count > 0)
        {
            conditions.Add($"name = ANY({conditions.Parameter(query.Names.ToArray())})");
        }

        if (query.Version is { } version)
        {
            conditions.Add($"version = {conditions.Parameter(version)}");
        }

        if (query.HasIncidents is { } hasIncidents)
        {
            conditions.Add(hasIncidents ? "incident_count > 0" : "incident_count = 0");
        }

        if (query.Statuses.Count > 0)
        {
            conditions.Add($"status = ANY({conditions.Parameter(query.Statuses.ToArray())})");
        }

        if (query.SubStatuses.Count > 0)
        {
            // No index names sub_status (it would make every first step a non-HOT update): a finished instance's sub-status is
            // its indexed outcome, a running one's is found among the running instances.
            var subStatuses = conditions.Parameter(query.SubStatuses.ToArray());
            conditions.Add(query.SubStatuses.All(s => s is "Finished" or "Cancelled" or "Faulted") ? $"outcome = ANY({subStatuses})"
                : query.SubStatuses.All(s => s is "Pending" or "Executing" or "Suspended") ? $"status = 'Running' AND sub_status = ANY({subStatuses})"
                : $"sub_status = ANY({subStatuses})");
        }

        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            // Exact ids use their indexes; the name matches by prefix on the lower(name) text_pattern_ops index.
            var term = conditions.Parameter(query.SearchTerm.Trim(), NpgsqlDbType.Text);
            var prefix = conditions.Parameter(SqlConditions.StartsWith(query.SearchTerm.Trim().ToLowerInvariant()), NpgsqlDbType.Text);
            conditions.Add($"(id = {term} OR definition_id = {term} OR definition_version_id = {term} OR correlation_id = {term} OR lower(name) LIKE {prefix})");
        }

        foreach (var filter in query.Timestamps.Where(t => t.IsValid))
        {
            conditions.Add($"{filter.Column} {filter.Operator} {conditions.Parameter(filter.Timestamp)}");
        }

        foreach (var activity in query.Activities.Where(a => !a.IsEmpty))
        {
            var matches = new List<string> { "a.instance_id = workflow_instances.id" };
            AddEquals(matches, conditions, "a.activity_id", activity.ActivityId);
            AddEquals(matches, conditions, "a.activity_instance_id", activity.ActivityInstanceId);
            AddEquals(matches, conditions, "a.activity_node_id", activity.NodeId);
            AddEquals(matches, conditions, "a.activity_name", activity.Name);
            AddEquals(matches, conditions, "a.status", activity.Status);
            // OFFSET 0 keeps the EXISTS a subquery per instance (the view then reads that instance's rows) instead of a join
            // over every instance's records.
            conditions.Add($"EXISTS (SELECT 1 FROM activity_executions a WHERE {string.Join(" AND ", matches)} OFFSET 0)");
        }

        if (query.CancellableOnly)
        {
            conditions.Add("(status = 'Running' OR outcome = 'Faulted')");
        }

        return conditions;

        static void AddEquals(List<string> matches, SqlConditions conditions, string column, string? value)
        {
            if (value is not null)
            {
                matches.Add($"{column} = {conditions.Parameter(value, NpgsqlDbType.Text)}");
            }
        }
    }

    private static InstanceSummary ReadSummary(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8),
        reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11), reader.IsDBNull(12) ? null : reader.GetString(12));
}
