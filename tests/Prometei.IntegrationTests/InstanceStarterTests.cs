using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.IntegrationTests;

/// <summary>The one way to start an instance, with each guard against a real PostgreSQL.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class InstanceStarterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task NoGuard_CreatesEachInstanceWithItsRunRow()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db);

        var outcome = await starter.StartAsync([new NewInstance(State("a", "flow")), new NewInstance(State("b", "flow"), ReplayOf: "a")], StartGuard.None);

        Assert.Equal(["a", "b"], outcome.StartedInstanceIds);
        Assert.False(outcome.Replayed);
        Assert.Equal(2L, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE kind = 'Run'"));
        Assert.Equal("a", await ScalarAsync(db, "SELECT replay_of FROM workflow_instances WHERE id = 'b'"));
    }

    [Fact]
    public async Task Singleton_WhileOneRuns_CreatesNothing_OtherDefinitionsStart()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db);
        await starter.StartAsync([new NewInstance(State("first", "poll"), Singleton: true)], StartGuard.None);

        var outcome = await starter.StartAsync([new NewInstance(State("second", "poll"), Singleton: true), new NewInstance(State("other", "else"), Singleton: true)], StartGuard.None);

        Assert.Equal(["other"], outcome.StartedInstanceIds);
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE instance_id = 'second'"));
    }

    [Fact]
    public async Task TimerSlot_FiredByTwoNodesAtOnce_StartsOneInstance()
    {
        await using var db = await DatabaseAsync();
        var slot = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            new InstanceStarter(db).StartAsync([new NewInstance(State("node" + i, "poll"))], StartGuard.TimerSlot("poll:cron", slot))));

        var fired = Assert.Single(outcomes, o => !o.Replayed);
        Assert.Single(fired.StartedInstanceIds);
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances"));
        Assert.Equal(fired.StartedInstanceIds[0], await ScalarAsync(db, "SELECT instance_id FROM timer_fires"));
    }

    [Fact]
    public async Task TimerSlot_OfASingletonThatRuns_IsTakenAndSkipped()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db);
        await starter.StartAsync([new NewInstance(State("running", "poll"), Singleton: true)], StartGuard.None);
        var slot = new DateTimeOffset(2026, 12, 4, 10, 1, 0, TimeSpan.Zero);

        var skipped = await starter.StartAsync([new NewInstance(State("late", "poll"), Singleton: true)], StartGuard.TimerSlot("poll:cron", slot));
        var again = await starter.StartAsync([new NewInstance(State("later", "poll"), Singleton: true)], StartGuard.TimerSlot("poll:cron", slot));

        Assert.Empty(skipped.StartedInstanceIds);
        Assert.False(skipped.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM timer_fires WHERE instance_id IS NULL"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances"));
    }

    [Fact]
    public async Task EventReceipt_SentTwiceAtOnce_StartsOnce_AndTheRepeatGetsTheFirstResult()
    {
        await using var db = await DatabaseAsync();
        var resume = new EventResume("event:crm/create-deal", "{}");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            new InstanceStarter(db).StartAsync([new NewInstance(State("deal" + i, "deal"))], StartGuard.EventReceipt("crm/create-deal:evt-1", "crm/create-deal"), resume)));

        var first = Assert.Single(outcomes, o => !o.Replayed);
        Assert.All(outcomes.Where(o => o.Replayed), o => Assert.Equal(first.StartedInstanceIds, o.StartedInstanceIds));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances"));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM work_items"));
    }

    private static WorkflowState State(string id, string definitionId)
    {
        var now = DateTimeOffset.UtcNow;
        return new WorkflowState { Id = id, DefinitionId = definitionId, DefinitionVersionId = definitionId + ":v1", DefinitionVersion = 1, CreatedAt = now, UpdatedAt = now };
    }

    private async Task<NpgsqlDataSource> DatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await SqlMigrator.MigrateAsync(dataSource, typeof(InstanceStarter).Assembly);
        return dataSource;
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }
}
