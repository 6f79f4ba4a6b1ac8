using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.IntegrationTests;

/// <summary>
/// An instance inserted leased to the node that accepted it (no queue row): no claim takes it while the lease lives; once the
/// lease has run out (the node died before running it), the sweep of expired leases takes it over, with its state; a node
/// that gives the lease back leaves a Run row, so any node continues it.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class AcceptedInstanceLeaseTests(PostgresFixture postgres)
{
    [Fact]
    public async Task LeasedAtInsert_NoQueueRow_OnlyTheExpiredLeaseSweepFindsIt_AfterTheLeaseRanOut()
    {
        await using var db = await DatabaseAsync();
        var queue = new WorkQueue(db);

        var outcome = await new InstanceStarter(db).StartAsync(
            [new NewInstance(State("accepted")), new NewInstance(State("live"))], StartGuard.None, lease: new InstanceLease("node-a", TimeSpan.FromMinutes(5)));

        Assert.Equal(["accepted", "live"], outcome.StartedInstanceIds);
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM work_items"));
        Assert.Equal(2L, await ScalarAsync(db, $"SELECT count(*) FROM workflow_instances WHERE lease_owner = 'node-a' AND fence = {InstanceLease.FirstFence} AND lease_until > now()"));
        Assert.Empty(await queue.ClaimAsync("node-b", 10, TimeSpan.FromSeconds(30)));
        Assert.Empty(await queue.ClaimExpiredAsync("node-b", 10, TimeSpan.FromSeconds(30)));

        // node-a died: its lease on one of them runs out.
        await ScalarAsync(db, "UPDATE workflow_instances SET lease_until = now() - interval '1 second' WHERE id = 'accepted'");
        Assert.Empty(await queue.ClaimAsync("node-b", 10, TimeSpan.FromSeconds(30)));
        var taken = Assert.Single(await queue.ClaimExpiredAsync("node-b", 10, TimeSpan.FromSeconds(30)));

        Assert.Equal("accepted", taken.Id);
        Assert.Equal(InstanceLease.FirstFence + 1, taken.Fence);
        Assert.Equal("node-a", taken.PreviousOwner);
        Assert.Equal("accepted", taken.State?.Id);
        Assert.False(taken.Accepted);
        Assert.Empty(await queue.ClaimExpiredAsync("node-c", 10, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Released_LeavesARunRow_AnyNodeClaimsIt_WithItsState()
    {
        await using var db = await DatabaseAsync();
        var queue = new WorkQueue(db);
        await new InstanceStarter(db).StartAsync([new NewInstance(State("handed"))], StartGuard.None, lease: new InstanceLease("node-a", TimeSpan.FromMinutes(5)));

        await queue.ReleaseAsync("handed", InstanceLease.FirstFence);

        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE instance_id = 'handed' AND kind = 'Run'"));
        var claim = Assert.Single(await queue.ClaimAsync("node-b", 10, TimeSpan.FromSeconds(30)));
        Assert.Equal("handed", claim.Id);
        Assert.Null(claim.PreviousOwner);
        Assert.Equal("handed", claim.State?.Id);
    }

    [Fact]
    public async Task Claim_TakesEachInstanceOnce_PastLeasedOnes_WhateverItsDueRows()
    {
        await using var db = await DatabaseAsync();
        var queue = new WorkQueue(db);
        var starter = new InstanceStarter(db);
        await starter.StartAsync([new NewInstance(State("busy"))], StartGuard.None, lease: new InstanceLease("node-a", TimeSpan.FromMinutes(5)));
        await starter.StartAsync([new NewInstance(State("one")), new NewInstance(State("two"))], StartGuard.None);
        await ScalarAsync(db, "INSERT INTO work_items (instance_id, kind, due_at) VALUES ('busy', 'Resume', now() - interval '1 minute'), ('one', 'Resume', now())");

        var claims = await queue.ClaimAsync("node-b", 10, TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two"], claims.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await queue.ClaimAsync("node-c", 10, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Claim_CarriesTheDueQueueRows_InIdOrder_NotTheFutureOnes()
    {
        await using var db = await DatabaseAsync();
        await new InstanceStarter(db).StartAsync([new NewInstance(State("resumed"))], StartGuard.None);
        await ScalarAsync(db,
            """
            INSERT INTO work_items (instance_id, kind, target_id, payload, due_at, trace_parent) VALUES
                ('resumed', 'Resume', 'bookmark-1', '{"answer": {"n": 42}}', now() - interval '1 second', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
                ('resumed', 'Retry', 'activity-2', NULL, now() + interval '1 hour', NULL)
            """);

        var claim = Assert.Single(await new WorkQueue(db).ClaimAsync("node-b", 10, TimeSpan.FromSeconds(30)));

        Assert.NotNull(claim.WorkItems);
        Assert.Equal(["Run", "Resume"], claim.WorkItems.Select(w => w.Kind));
        var resume = claim.WorkItems[1];
        Assert.Equal("bookmark-1", resume.TargetId);
        Assert.Equal(42, resume.Payload!["answer"]!["n"]!.GetValue<int>());
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", resume.TraceParent);
        Assert.Null(claim.WorkItems[0].Payload);
        Assert.True(resume.DueAt < DateTimeOffset.UtcNow && resume.DueAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        var read = await new InstanceStore(db).DueWorkItemsAsync("resumed");
        Assert.Equal(read.Select(w => (w.Id, w.Kind, w.TargetId, w.DueAt, w.TraceParent)), claim.WorkItems.Select(w => (w.Id, w.Kind, w.TargetId, w.DueAt, w.TraceParent)));
    }

    private static WorkflowState State(string id)
    {
        var now = DateTimeOffset.UtcNow;
        return new WorkflowState { Id = id, DefinitionId = "flow", DefinitionVersionId = "flow:v1", DefinitionVersion = 1, CreatedAt = now, UpdatedAt = now };
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
