using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.EndToEndTests;

/// <summary>
/// Two nodes on one database and one fake clock: every timer slot is tried by both and fired by exactly one, none is
/// missed, and a Singleton's slots are skipped while an instance of it runs.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class TimerClusterTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Slots = 12;

    /// <summary>The singleton is let go after these slots; it starts again at the next one.</summary>
    private static readonly int[] s_releaseAfter = [4, 8];

    [Fact]
    public async Task CronEverySecond_TwoNodesOnOneClock_EachSlotFiredByOneNodeAndFoundFiredByTheOther_SingletonSkipsWhileItRuns()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("tick")
            .Activity("cron", "Elsa.Cron", new() { ["cronExpression"] = Flow.Literal("* * * * * *") }, trigger: true)
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("tick") })
            .Chain("cron", "log")
            .Build());
        harness.AddDefinition(Flow.Create("slow-singleton")
            .Singleton()
            .Activity("cron", "Elsa.Cron", new() { ["cronExpression"] = Flow.Literal("* * * * * *") }, trigger: true)
            .Activity("wait", "Elsa.Event", new() { ["eventName"] = Flow.Literal("release-singleton") })
            .Chain("cron", "wait")
            .Build());

        // Slots are whole seconds of the fake clock, which starts ten minutes in the past: the work queue compares due times
        // with PostgreSQL's now(), so an instance a slot creates is due at once.
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(-10);
        var clock = new FakeTimeProvider(start.AddMilliseconds(100));
        await using var nodeA = InProcessNode.Start(harness, "node-a", clock);
        await using var nodeB = InProcessNode.Start(harness, "node-b", clock);
        InProcessNode[] nodes = [nodeA, nodeB];
        await WorkflowServerHarness.WaitUntilAsync(
            async () => await harness.ScalarAsync("SELECT count(*) FROM triggers WHERE kind = 'Cron' AND definition_id IN ('tick', 'slow-singleton')") == 2,
            TimeSpan.FromSeconds(30), "the definitions' timer triggers");
        var tickTrigger = await TextAsync(harness, "SELECT id FROM triggers WHERE kind = 'Cron' AND definition_id = 'tick'");
        var singletonTrigger = await TextAsync(harness, "SELECT id FROM triggers WHERE kind = 'Cron' AND definition_id = 'slow-singleton'");
        using var events = nodeA.CreateClient();

        for (var k = 1; k <= Slots; k++)
        {
            var slot = start.AddSeconds(k);
            clock.SetUtcNow(slot.AddMilliseconds(100));
            await InProcessNode.WaitForSlotAsync(clock, slot, nodes, [tickTrigger], [singletonTrigger, "slow-singleton"]);
            if (s_releaseAfter.Contains(k))
            {
                // The running singleton waits on its event; once it has finished, the next slot may start one.
                var running = Assert.Single(await harness.InstancesAsync("slow-singleton"), i => i.Status == "Running");
                await WorkflowServerHarness.WaitUntilAsync(
                    async () => (await harness.InstancesAsync("slow-singleton")).Single(i => i.Id == running.Id).SubStatus == "Suspended",
                    TimeSpan.FromSeconds(30), "the singleton to wait for its event");
                using (var released = await events.PostAsJsonAsync("workflows/events/release-singleton", new { slot = k }))
                {
                    released.EnsureSuccessStatusCode();
                }

                await WorkflowServerHarness.WaitUntilAsync(
                    async () => (await harness.InstancesAsync("slow-singleton")).Single(i => i.Id == running.Id).Status == "Finished",
                    TimeSpan.FromSeconds(30), "the released singleton to finish");
            }
        }

        // Every slot of each timer: one node fired it (or skipped it for the running singleton), the other found it fired.
        var expected = Enumerable.Range(1, Slots).Select(k => start.AddSeconds(k)).ToList();
        foreach (var slot in expected)
        {
            foreach (var subjects in (string[][])[[tickTrigger], [singletonTrigger, "slow-singleton"]])
            {
                var byNode = nodes.Select(n => n.Timers.For(slot, subjects)).ToList();
                Assert.All(byNode, e => Assert.Single(e));
                Assert.Single(byNode, e => e[0] == "LogFiredElsewhere");
                Assert.Single(byNode, e => e[0] is "LogFired" or "LogSingletonSkipped");
            }
        }

        foreach (var node in nodes)
        {
            output.WriteLine($"{node.NodeId}: fired {node.Timers.Slots.Count(s => s.Event == "LogFired")}, skipped {node.Timers.Slots.Count(s => s.Event == "LogSingletonSkipped")}, found fired {node.Timers.Slots.Count(s => s.Event == "LogFiredElsewhere")}");
        }

        // The tick: one instance per slot, every slot, each run to its end.
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("tick")).Count(i => i.Status == "Finished") == Slots,
            TimeSpan.FromSeconds(30), "every tick to finish");
        var ticks = await harness.InstancesAsync("tick");
        Assert.Equal(expected, ticks.Select(SlotOf).Order().ToList());
        Assert.Equal(Slots, await harness.ScalarAsync($"SELECT count(*) FROM timer_fires WHERE trigger_id = '{tickTrigger}'"));

        // The singleton: started at slots 1, 5 and 9; the slots between were consumed with no instance; runs never overlap.
        var singletons = (await harness.InstancesAsync("slow-singleton")).OrderBy(i => i.CreatedAt).ToList();
        Assert.Equal([1, 5, 9], singletons.Select(i => (int)(SlotOf(i) - start).TotalSeconds).ToList());
        Assert.Equal(Slots, await harness.ScalarAsync($"SELECT count(*) FROM timer_fires WHERE trigger_id = '{singletonTrigger}'"));
        Assert.Equal(Slots - 3, await harness.ScalarAsync($"SELECT count(*) FROM timer_fires WHERE trigger_id = '{singletonTrigger}' AND instance_id IS NULL"));
        for (var i = 1; i < singletons.Count; i++)
        {
            var previousEnd = singletons[i - 1].FinishedAt ?? DateTimeOffset.MaxValue;
            Assert.True(singletons[i].CreatedAt >= previousEnd, $"run {i} started at {singletons[i].CreatedAt:O} before run {i - 1} ended at {previousEnd:O}");
        }
    }

    private static DateTimeOffset SlotOf(InstanceRow instance) =>
        DateTimeOffset.Parse(instance.State["input"]!["slot"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUniversalTime();

    private static async Task<string> TextAsync(WorkflowServerHarness harness, string sql)
    {
        await using var command = harness.DataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
