using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>Two server processes on one database: timers fire once per slot, and a Singleton never overlaps itself.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class TimerClusterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CronEverySecond_TwoNodesFor30Seconds_EachSlotFiresOnce_SingletonNeverOverlaps()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("tick")
            .Activity("cron", "Elsa.Cron", new() { ["cronExpression"] = Flow.Literal("* * * * * *") }, trigger: true)
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Flow.CSharp("\"tick \" + Input.slot", "String") })
            .Chain("cron", "log")
            .Build());
        harness.AddDefinition(Flow.Create("slow-singleton")
            .Singleton()
            .Activity("cron", "Elsa.Cron", new() { ["cronExpression"] = Flow.Literal("* * * * * *") }, trigger: true)
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Flow.Literal("00:00:02.500", "TimeSpan") })
            .Chain("cron", "wait")
            .Build());

        await harness.StartNodeAsync("node-a");
        await harness.StartNodeAsync("node-b");
        var windowStart = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(30));
        var windowEnd = DateTimeOffset.UtcNow;

        var ticks = await harness.InstancesAsync("tick");
        var slots = ticks.Select(t => DateTimeOffset.Parse(t.State["input"]!["slot"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(slots.Count, slots.Distinct().Count());  // no slot fired twice
        var inWindow = slots.Where(s => s > windowStart.AddSeconds(2) && s < windowEnd.AddSeconds(-1)).Order().ToList();
        Assert.True(inWindow.Count >= 25, $"only {inWindow.Count} slots fired in the window");
        for (var i = 1; i < inWindow.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), inWindow[i] - inWindow[i - 1]); // and none was missed
        }

        Assert.Equal(slots.Count, await harness.ScalarAsync("SELECT count(*) FROM timer_fires f JOIN triggers t ON t.id = f.trigger_id WHERE t.definition_id = 'tick'"));

        var singletons = (await harness.InstancesAsync("slow-singleton")).OrderBy(i => i.CreatedAt).ToList();
        Assert.True(singletons.Count >= 5, $"only {singletons.Count} singleton runs");
        Assert.True(singletons.Count <= 15, $"{singletons.Count} singleton runs: slots were not skipped while one ran");
        for (var i = 1; i < singletons.Count; i++)
        {
            var previousEnd = singletons[i - 1].FinishedAt ?? DateTimeOffset.MaxValue;
            Assert.True(singletons[i].CreatedAt >= previousEnd, $"run {i} started at {singletons[i].CreatedAt:O} before run {i - 1} ended at {previousEnd:O}");
        }
    }
}
