using Npgsql;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>The definitions usable as activities (Elsa's <c>WorkflowDefinitionActivityProvider</c>), for the activity descriptors.</summary>
public sealed class ActivityDefinitionQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Every version of a definition saved with <c>options.usableAsActivity: true</c> (or Elsa 3.0's top-level
    /// <c>usableAsActivity</c>), published or not (Elsa lists them all; only a published one is browsable), oldest first per definition.
    /// </summary>
    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT {DefinitionStore.Columns} FROM workflow_definitions d
            WHERE (d.data->'options'->'usableAsActivity' = 'true'::jsonb OR d.data->'usableAsActivity' = 'true'::jsonb)
            ORDER BY d.definition_id, d.version
            """);
        return await DefinitionStore.ReadAsync(cmd, cancellationToken);
    }
}
