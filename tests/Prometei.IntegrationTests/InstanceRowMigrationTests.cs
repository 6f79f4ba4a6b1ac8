using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.IntegrationTests;

/// <summary>
/// The instance row's migration (issue 14, line i) upgrades a database of the previous version in place: the state becomes
/// json (lz4-compressed when large), no index names sub_status (so a step that changes only it can be HOT), and the readers
/// that filtered by sub-status find the old rows through the outcome column.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class InstanceRowMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task PreviousVersionsDatabase_UpgradedInPlace_StateJson_NoIndexOnSubStatus_OldRowsFoundBySubStatus()
    {
        await using var db = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var scripts = SqlMigrator.LoadScripts(typeof(InstanceStarter).Assembly);
        var previous = scripts.Where(s => !s.Id.Contains("instance_row", StringComparison.Ordinal)).ToList();
        Assert.Equal(scripts.Count - 1, previous.Count);
        await SqlMigrator.MigrateAsync(db, previous);
        Assert.Equal("jsonb", await ScalarAsync(db, "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'workflow_instances'::regclass AND attname = 'state'"));
        foreach (var (id, status, subStatus) in new[] { ("running", "Running", "Executing"), ("faulted", "Finished", "Faulted"), ("done", "Finished", "Finished") })
        {
            await ExecuteAsync(db,
                "INSERT INTO workflow_instances (id, definition_id, definition_version_id, version, status, sub_status, created_at, updated_at, state) VALUES ($1, 'flow', 'flow:v1', 1, $2, $3, now(), now(), $4::jsonb)",
                id, status, subStatus, WorkflowJson.Serialize(State(id)));
        }

        Assert.Equal(1, await SqlMigrator.MigrateAsync(db, scripts));

        Assert.Equal("json", await ScalarAsync(db, "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'workflow_instances'::regclass AND attname = 'state'"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'workflow_instances' AND indexdef LIKE '%sub_status%'"));
        Assert.Equal("running", (await new InstanceQueries(db).GetAsync("running"))?.State.Id);
        Assert.Equal(["faulted"], await new InstanceStore(db).FaultedIdsAsync(null, null, 10));
        var faulted = await new InstanceQueries(db).ListAsync(new InstanceListQuery { SubStatuses = ["Faulted"], Take = 10 });
        Assert.Equal(["faulted"], faulted.Items.Select(i => i.Id));
        var executing = await new InstanceQueries(db).ListAsync(new InstanceListQuery { SubStatuses = ["Executing"], Take = 10 });
        Assert.Equal(["running"], executing.Items.Select(i => i.Id));

        // A new instance with a large state is written as json and compressed with lz4.
        var large = State("large");
        large.Input["blob"] = string.Join(",", Enumerable.Range(0, 2000));
        await new InstanceStarter(db).StartAsync([new NewInstance(large)], StartGuard.None);
        Assert.Equal("lz4", await ScalarAsync(db, "SELECT pg_column_compression(state) FROM workflow_instances WHERE id = 'large'"));
        Assert.Equal("large", (await new InstanceQueries(db).GetAsync("large"))?.State.Id);
    }

    private static WorkflowState State(string id)
    {
        var now = DateTimeOffset.UtcNow;
        return new WorkflowState { Id = id, DefinitionId = "flow", DefinitionVersionId = "flow:v1", DefinitionVersion = 1, CreatedAt = now, UpdatedAt = now };
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }
}
