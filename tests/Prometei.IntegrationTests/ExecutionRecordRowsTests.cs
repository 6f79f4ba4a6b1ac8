using System.Text.Json.Nodes;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.IntegrationTests;

/// <summary>
/// A step's execution records are one row of <c>activity_execution_steps</c>, read through the <c>activity_executions</c> view
/// one row per record, as the old table (one upserted row per record) read.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ExecutionRecordRowsTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 5, 9, 0, 0, 123, 456, TimeSpan.Zero);

    [Fact]
    public async Task RecordRewrittenByLaterSteps_ReadsAsItsLatestVersion_KeepingTheEarlierStateAndOutputs()
    {
        await using var db = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await SqlMigrator.MigrateAsync(db, typeof(InstanceStarter).Assembly);
        await new InstanceStarter(db).StartAsync([new NewInstance(State("i1"))], StartGuard.None);
        var id = ExecutionRecordId.New("i1");

        // Step 1 opens the record (suspended on a bookmark), step 2 resumes it with new outputs and no state, step 3 closes it
        // with neither; its started_at as a resumed retry would give it, later than the first.
        await WriteStepAsync(db, Record(id, "i1", ActivityExecutionStatus.Running, new JsonObject { ["Url"] = "https://erp/a" }, new JsonObject { ["Out"] = 1 }, hasBookmarks: true));
        var other = Record(ExecutionRecordId.New("i1"), "i1", ActivityExecutionStatus.Completed, [], null);
        await WriteStepAsync(db, Record(id, "i1", ActivityExecutionStatus.Running, null, new JsonObject { ["Out"] = "Заказ 2" }, hasBookmarks: true), other);
        var last = Record(id, "i1", ActivityExecutionStatus.Completed, null, null, startedAt: s_start.AddMinutes(5));
        last.Outcomes = ["Done"];
        last.CompletedAt = s_start.AddMinutes(6);
        await WriteStepAsync(db, last);

        var journal = new JournalQueries(db);
        var records = await journal.ListExecutionsAsync("i1", null);
        var byId = await journal.GetExecutionAsync(id);

        Assert.Equal(2, records.Count);
        foreach (var r in new[] { records.Single(r => r.Id == id), byId! })
        {
            Assert.Equal(ActivityExecutionStatus.Completed, r.Status);
            Assert.Equal("https://erp/a", r.ActivityState!["Url"]!.GetValue<string>());
            Assert.Equal("Заказ 2", r.Outputs!["Out"]!.GetValue<string>());
            Assert.Equal(["Done"], r.Outcomes);
            Assert.False(r.HasBookmarks);
            Assert.Equal(s_start, r.StartedAt);
            Assert.Equal(s_start.AddMinutes(6), r.CompletedAt);
        }

        Assert.Equal(3L, await ScalarAsync(db, "SELECT count(*) FROM activity_execution_steps WHERE instance_id = 'i1'"));
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM activity_executions WHERE instance_id = 'i1' AND status = 'Completed' AND activity_type = 'Test.Call' AND id = '{id}'"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM activity_execution_ids"));
    }

    [Fact]
    public async Task DatabaseOfThePreviousVersion_ReadsTheSameAfterTheMigration_AndItsRecordsGoOn()
    {
        await using var db = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var scripts = SqlMigrator.LoadScripts(typeof(InstanceStarter).Assembly).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var previous = scripts.TakeWhile(s => !s.Sql.Contains("CREATE TABLE activity_execution_steps", StringComparison.Ordinal)).ToList();
        Assert.InRange(previous.Count, 1, scripts.Count - 1);
        await SqlMigrator.MigrateAsync(db, previous);
        await new InstanceStarter(db).StartAsync([new NewInstance(State("old1")), new NewInstance(State("old2"))], StartGuard.None);
        await ExecuteAsync(db, """
            INSERT INTO activity_executions (id, instance_id, activity_instance_id, activity_id, activity_node_id, activity_type, activity_name,
                attempt, status, activity_state, outputs, outcomes, exception, has_bookmarks, started_at, completed_at)
            VALUES
                ('r1', 'old1', 'a1', 'start', 'Workflow1:flowchart1:start', 'Elsa.HttpEndpoint', 'Start', 1, 'Completed',
                 '{"Path": "orders"}', '{"Body": {"Имя": "Иван"}}', '["Done"]', NULL, false, '2026-12-01 10:00:00.123456+00', '2026-12-01 10:00:00.5+00'),
                ('r2', 'old1', 'a2', 'wait', 'Workflow1:flowchart1:wait', 'Elsa.Delay', NULL, 1, 'Running',
                 NULL, NULL, '[]', NULL, true, '2026-12-01 10:00:01+00', NULL),
                ('r3', 'old2', 'a3', 'call', 'Workflow1:flowchart1:call', 'Test.Call', 'Call', 2, 'Faulted',
                 '{}', NULL, '[]', '{"Type": "HttpRequestException", "Message": "503"}', false, '2026-12-01 11:00:00+00', '2026-12-01 11:00:02+00')
            """);
        const string Snapshot = "SELECT string_agg(row_to_json(e)::text, E'\\n' ORDER BY id) FROM activity_executions e WHERE instance_id = ANY('{old1,old2}')";
        var before = await ScalarAsync(db, Snapshot);

        await SqlMigrator.MigrateAsync(db, scripts);

        Assert.Equal(before, await ScalarAsync(db, Snapshot));
        var journal = new JournalQueries(db);
        Assert.Equal("Faulted", (await journal.GetExecutionAsync("r3"))!.Status.ToString());
        Assert.Equal(["r1", "r2"], (await journal.ListExecutionsAsync("old1", null)).Select(r => r.Id));

        // The instance goes on after the upgrade: a later step closes the record it left open.
        var closed = Record("r2", "old1", ActivityExecutionStatus.Completed, null, null);
        await WriteStepAsync(db, closed);
        var r2 = (await journal.GetExecutionAsync("r2"))!;
        Assert.Equal(ActivityExecutionStatus.Completed, r2.Status);
        Assert.Equal("Elsa.Delay", r2.ActivityType);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 1, TimeSpan.Zero), r2.StartedAt);
    }

    private static ActivityExecutionRecord Record(
        string id, string instanceId, ActivityExecutionStatus status, JsonObject? state, JsonObject? outputs, bool hasBookmarks = false, DateTimeOffset? startedAt = null) => new()
    {
        Id = id,
        ActivityInstanceId = "frame-" + id,
        WorkflowInstanceId = instanceId,
        ActivityId = "call",
        ActivityNodeId = "Workflow1:flowchart1:call",
        ActivityType = "Test.Call",
        ActivityName = "Call",
        Status = status,
        ActivityState = state,
        Outputs = outputs,
        HasBookmarks = hasBookmarks,
        StartedAt = startedAt ?? s_start,
    };

    /// <summary>One step's records, as the step writer adds them to its batch.</summary>
    private static async Task WriteStepAsync(NpgsqlDataSource db, params ActivityExecutionRecord[] records)
    {
        await using var cmd = db.CreateCommand(JournalRows.InsertRecordsSql);
        foreach (var value in JournalRows.RecordValues(records[0].WorkflowInstanceId, records))
        {
            cmd.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        await cmd.ExecuteNonQueryAsync();
    }

    private static WorkflowState State(string id)
    {
        var now = DateTimeOffset.UtcNow;
        return new WorkflowState { Id = id, DefinitionId = "flow", DefinitionVersionId = "flow:v1", DefinitionVersion = 1, CreatedAt = now, UpdatedAt = now };
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }
}
