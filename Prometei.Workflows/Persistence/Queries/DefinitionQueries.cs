using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Reads of workflow definitions for the Elsa API: lists, lookups by version filter, name checks.</summary>
public sealed class DefinitionQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The matching versions without their graphs, and how many match, in one round trip.</summary>
    public async Task<Page<DefinitionSummary>> ListAsync(DefinitionListQuery query, CancellationToken cancellationToken = default)
    {
        var conditions = new SqlConditions();
        conditions.Add(query.Versions.Sql);
        if (query.DefinitionIds.Count > 0)
        {
            conditions.Add($"definition_id = ANY({conditions.Parameter(query.DefinitionIds.ToArray())})");
        }

        if (query.Ids.Count > 0)
        {
            conditions.Add($"id = ANY({conditions.Parameter(query.Ids.ToArray())})");
        }

        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var pattern = conditions.Parameter(SqlConditions.Contains(query.SearchTerm.Trim()), NpgsqlDbType.Text);
            conditions.Add($"(name ILIKE {pattern} OR description ILIKE {pattern} OR id ILIKE {pattern} OR definition_id ILIKE {pattern})");
        }

        var order = query.OrderBy switch
        {
            DefinitionOrder.Created => "created_at",
            DefinitionOrder.Version => "version",
            _ => "lower(coalesce(name, ''))",
        };
        var direction = query.Descending ? "DESC" : "ASC";
        var paging = query is { Page: { } page, PageSize: { } size }
            ? string.Create(CultureInfo.InvariantCulture, $" LIMIT {Math.Max(size, 0)} OFFSET {(long)Math.Max(page, 0) * Math.Max(size, 0)}")
            : "";

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(conditions.Command(
            $"""
            SELECT id, definition_id, version, name, description, is_latest, is_published, is_readonly, created_at, data->>'toolVersion'
            FROM workflow_definitions {conditions.Where}
            ORDER BY {order} {direction}, definition_id, version {direction}{paging}
            """));
        batch.BatchCommands.Add(conditions.Command($"SELECT count(*) FROM workflow_definitions {conditions.Where}"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<DefinitionSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new DefinitionSummary(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Page<DefinitionSummary>(items, reader.GetInt64(0));
    }

    /// <summary>The highest version of a definition that the filter admits, or null.</summary>
    public async Task<StoredDefinition?> FindAsync(string definitionId, VersionFilter versions, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {DefinitionStore.Columns} FROM workflow_definitions WHERE definition_id = $1 AND {versions.Sql} ORDER BY version DESC LIMIT 1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = definitionId });
        return (await DefinitionStore.ReadAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The versions with these ids, in no particular order (unknown ids are left out).</summary>
    public async Task<IReadOnlyList<StoredDefinition>> GetManyAsync(IReadOnlyCollection<string> versionIds, CancellationToken cancellationToken = default)
    {
        if (versionIds.Count == 0)
        {
            return [];
        }

        await using var cmd = dataSource.CreateCommand($"SELECT {DefinitionStore.Columns} FROM workflow_definitions WHERE id = ANY($1) ORDER BY definition_id, version");
        cmd.Parameters.Add(new NpgsqlParameter { Value = versionIds.ToArray() });
        return await DefinitionStore.ReadAsync(cmd, cancellationToken);
    }

    /// <summary>Whether no definition other than <paramref name="exceptDefinitionId"/> has a version with this exact name.</summary>
    public async Task<bool> IsNameUniqueAsync(string name, string? exceptDefinitionId, CancellationToken cancellationToken = default)
    {
        // lower(name) = lower($1) lets the lower(name) index find the candidates; name = $1 keeps the comparison exact, as Elsa's.
        await using var cmd = dataSource.CreateCommand(
            "SELECT NOT EXISTS (SELECT 1 FROM workflow_definitions WHERE lower(name) = lower($1) AND name = $1 AND ($2::text IS NULL OR definition_id <> $2))");
        cmd.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)exceptDefinitionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await cmd.ExecuteScalarAsync(cancellationToken) is true;
    }
}
