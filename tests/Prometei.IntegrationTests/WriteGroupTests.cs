using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.IntegrationTests;

/// <summary>
/// Group commit against a real PostgreSQL: writes that wait while a group is in the database go together in one transaction
/// (rows written in one transaction share their <c>xmin</c>), and each still gets its own outcome. A transaction that holds
/// <c>workflow_instances</c> in SHARE mode keeps the first group in the database while the next one gathers.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class WriteGroupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ConcurrentStarts_WhileAGroupIsInFlight_ShareOneTransaction()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db, new WriteGroup(db));

        var (first, rest) = await WhileTheFirstIsHeldAsync(
            db,
            () => starter.StartAsync([new NewInstance(State("first"))], StartGuard.None),
            Enumerable.Range(0, 20).Select(i => (Func<Task>)(() => starter.StartAsync([new NewInstance(State("i" + i))], StartGuard.None))));

        await first;
        await Task.WhenAll(rest);
        Assert.Equal(21L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances"));
        Assert.Equal(21L, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE kind = 'Run'"));
        Assert.Equal(2L, await ScalarAsync(db, "SELECT count(DISTINCT xmin::text) FROM workflow_instances"));
    }

    [Fact]
    public async Task StaleFenceInAGroup_FailsOnlyItsOwnStep_TheOthersAreWritten()
    {
        await using var db = await DatabaseAsync();
        var writes = new WriteGroup(db);
        var steps = new StepWriter(db, writes);
        var lease = new InstanceLease("node-a", TimeSpan.FromMinutes(5));
        var ids = new[] { "first", "a", "b", "stale", "c", "d" };
        await new InstanceStarter(db, writes).StartAsync([.. ids.Select(id => new NewInstance(State(id)))], StartGuard.None, lease: lease);
        await ScalarAsync(db, "UPDATE workflow_instances SET fence = fence + 1, lease_owner = 'node-b' WHERE id = 'stale'");

        var (first, rest) = await WhileTheFirstIsHeldAsync(
            db, () => steps.CommitAsync(Finish("first")), ids.Skip(1).Select(id => (Func<Task>)(() => steps.CommitAsync(Finish(id)))));

        await first;
        var outcomes = await Task.WhenAll(rest.Select(Outcome));
        var lost = Assert.IsType<LeaseLostException>(Assert.Single(outcomes, o => o is not null));
        Assert.Equal("stale", lost.InstanceId);
        Assert.Equal(5L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances WHERE status = 'Finished' AND lease_owner IS NULL"));
        Assert.Equal("Running node-b", await ScalarAsync(db, "SELECT status || ' ' || lease_owner FROM workflow_instances WHERE id = 'stale'"));
    }

    [Fact]
    public async Task DuplicateInstanceInAGroup_FailsOnlyItsOwnStart_TheOthersAreWritten()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db, new WriteGroup(db));
        await starter.StartAsync([new NewInstance(State("taken"))], StartGuard.None);

        var (first, rest) = await WhileTheFirstIsHeldAsync(
            db,
            () => starter.StartAsync([new NewInstance(State("first"))], StartGuard.None),
            new[] { "a", "taken", "b", "c" }.Select(id => (Func<Task>)(() => starter.StartAsync([new NewInstance(State(id))], StartGuard.None))));

        await first;
        var outcomes = await Task.WhenAll(rest.Select(Outcome));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(outcomes[1]).SqlState);
        Assert.All(outcomes.Where((_, n) => n != 1), Assert.Null);
        Assert.Equal(5L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances"));
        Assert.Equal(5L, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE kind = 'Run'"));
    }

    [Fact]
    public async Task WaitingUnitCancelled_IsNotWritten_TheOthersAre()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db, new WriteGroup(db));
        using var giveUp = new CancellationTokenSource();

        var (first, rest) = await WhileTheFirstIsHeldAsync(
            db,
            () => starter.StartAsync([new NewInstance(State("first"))], StartGuard.None),
            [
                () => starter.StartAsync([new NewInstance(State("a"))], StartGuard.None),
                () => starter.StartAsync([new NewInstance(State("cancelled"))], StartGuard.None, cancellationToken: giveUp.Token),
                () => starter.StartAsync([new NewInstance(State("b"))], StartGuard.None),
            ],
            whileHeld: async waiting =>
            {
                await giveUp.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting[1]);
            });

        await first;
        await Task.WhenAll(rest[0], rest[2]);
        Assert.Equal(["a", "b", "first"], await IdsAsync(db));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE instance_id = 'cancelled'"));
    }

    [Fact]
    public async Task AloneWhenIdle_EachWriteCommitsAtOnce()
    {
        await using var db = await DatabaseAsync();
        var starter = new InstanceStarter(db, new WriteGroup(db));

        await starter.StartAsync([new NewInstance(State("one"))], StartGuard.None);
        await starter.StartAsync([new NewInstance(State("two"))], StartGuard.None);

        Assert.Equal(2L, await ScalarAsync(db, "SELECT count(DISTINCT xmin::text) FROM workflow_instances"));
    }

    /// <summary>
    /// Sends the first write while another transaction holds <c>workflow_instances</c>, so its group stays in the database; then
    /// the others (they wait in the group), runs <paramref name="whileHeld"/>, and lets go.
    /// </summary>
    private static async Task<(Task First, Task[] Others)> WhileTheFirstIsHeldAsync(
        NpgsqlDataSource db, Func<Task> first, IEnumerable<Func<Task>> rest, Func<Task[], Task>? whileHeld = null)
    {
        await using var holder = await db.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE workflow_instances IN SHARE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var firstTask = first();
        await WaitUntilBlockedAsync(db);
        var restTasks = rest.Select(start => start()).ToArray();
        Assert.False(firstTask.IsCompleted);
        Assert.DoesNotContain(restTasks, t => t.IsCompleted);
        if (whileHeld is not null)
        {
            await whileHeld(restTasks);
        }

        await transaction.CommitAsync();
        return (firstTask, restTasks);
    }

    /// <summary>Waits (events, not time: the server's own view) until a backend waits for the held lock.</summary>
    private static async Task WaitUntilBlockedAsync(NpgsqlDataSource db)
    {
        for (var i = 0; i < 500; i++)
        {
            if ((long)(await ScalarAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("the first group never reached the held lock");
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static StepCommit Finish(string id)
    {
        var state = State(id);
        state.Status = WorkflowStatus.Finished;
        state.SubStatus = WorkflowSubStatus.Finished;
        return new StepCommit(state, new ExecutionStep { StatusChanged = true }, InstanceLease.FirstFence, [], ReleaseLease: true, []);
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

    private static async Task<List<string>> IdsAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM workflow_instances ORDER BY id");
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }
}
