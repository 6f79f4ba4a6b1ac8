using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;
using Xunit.Abstractions;

namespace Prometei.IntegrationTests;

/// <summary>
/// A node hands back a backlog of accepted instances (at shutdown, or what waited too long) in one statement: one transaction
/// for all of them, each released under its fence with a Run row, and none whose lease another node has taken since.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class BacklogReleaseTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Backlog = 1000;

    [Fact]
    public async Task ReleaseOfABacklog_IsOneTransaction_EachUnderItsFence_PastOneAnotherNodeTook()
    {
        await using var db = await DatabaseAsync();
        var claims = await AcceptAsync(db, "node-a", Backlog);

        // node-a's lease on one of them ran out and node-b took it over (its fence moved): node-a's release must not touch it.
        var taken = claims[17];
        await ScalarAsync(db, $"UPDATE workflow_instances SET lease_owner = 'node-b', fence = fence + 1 WHERE id = '{taken.Id}'");

        var before = await NextTransactionIdAsync(db);
        var released = await new WorkQueue(db).ReleaseAsync(claims);
        var transactions = await NextTransactionIdAsync(db) - before;

        Assert.Equal(1, transactions);
        Assert.Equal(Backlog - 1, released);
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances WHERE lease_owner = 'node-a' OR (lease_until IS NOT NULL AND lease_owner IS NULL)"));
        Assert.Equal((long)Backlog - 1, await ScalarAsync(db, $"SELECT count(DISTINCT instance_id) FROM work_items WHERE kind = 'Run' AND due_at <= now() AND instance_id <> '{taken.Id}'"));
        Assert.Equal((long)Backlog - 1, await ScalarAsync(db, "SELECT count(*) FROM work_items"));
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT count(*) FROM workflow_instances WHERE id = '{taken.Id}' AND lease_owner = 'node-b' AND lease_until > now()"));
        Assert.Equal(claims[3].TraceParent, await ScalarAsync(db, $"SELECT trace_parent FROM work_items WHERE instance_id = '{claims[3].Id}'"));

        // Any node claims them from their Run rows, with their state.
        var claim = (await new WorkQueue(db).ClaimAsync("node-c", 1, TimeSpan.FromSeconds(30))).Single();
        Assert.Equal(claim.Id, claim.State?.Id);
    }

    /// <summary>The figure for the hand-back of a full default backlog (1,000): one release each, as before, against one for all.</summary>
    [Fact]
    public async Task HandingBackAFullBacklog_OneReleaseEach_AgainstOneForAll_Timed()
    {
        await using var db = await DatabaseAsync();
        var queue = new WorkQueue(db);
        var eachClaims = await AcceptAsync(db, "node-each", Backlog);
        var allClaims = await AcceptAsync(db, "node-all", Backlog);

        var watch = Stopwatch.StartNew();
        foreach (var claim in eachClaims)
        {
            await queue.ReleaseAsync(claim.Id, claim.Fence);
        }

        var each = watch.Elapsed;
        watch.Restart();
        var released = await queue.ReleaseAsync(allClaims);
        var all = watch.Elapsed;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hand back {Backlog}: one release each {each.TotalMilliseconds:F0} ms, one for all {all.TotalMilliseconds:F0} ms (load {Load()})"));
        Assert.Equal(Backlog, released);
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM workflow_instances WHERE lease_owner IS NOT NULL"));
        Assert.Equal(2L * Backlog, await ScalarAsync(db, "SELECT count(*) FROM work_items WHERE kind = 'Run'"));
    }

    /// <summary>Inserts <paramref name="count"/> instances leased to <paramref name="node"/>, as the claims its dispatcher keeps in its backlog.</summary>
    private static async Task<List<ClaimedInstance>> AcceptAsync(NpgsqlDataSource db, string node, int count)
    {
        var states = Enumerable.Range(0, count).Select(i => State($"{node}-{i:D4}")).ToList();
        foreach (var chunk in states.Chunk(100))
        {
            await new InstanceStarter(db).StartAsync([.. chunk.Select(s => new NewInstance(s))], StartGuard.None, lease: new InstanceLease(node, TimeSpan.FromMinutes(5)));
        }

        return [.. states.Select((s, i) => new ClaimedInstance(
            s.Id, InstanceLease.FirstFence, null, s, Accepted: true, TraceParent: $"00-{i:x32}-{i + 1:x16}-01"))];
    }

    private static WorkflowState State(string id)
    {
        var now = DateTimeOffset.UtcNow;
        return new WorkflowState { Id = id, DefinitionId = "flow", DefinitionVersionId = "flow:v1", DefinitionVersion = 1, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>The next transaction id the server will assign (reading it assigns none), so the difference counts write transactions.</summary>
    private static async Task<long> NextTransactionIdAsync(NpgsqlDataSource db) =>
        Convert.ToInt64(await ScalarAsync(db, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"), CultureInfo.InvariantCulture);

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

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
