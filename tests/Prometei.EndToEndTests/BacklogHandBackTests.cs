using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>
/// A busy node does not sit on what it accepted while another node is idle: the instances that waited in its backlog longer than
/// one lease renewal period go back to the queue (Run rows), and the idle node runs them while the busy node's slot is still taken.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class BacklogHandBackTests(PostgresFixture postgres)
{
    [Fact]
    public async Task BusyNodesBacklog_WaitedLongerThanARenewalPeriod_TheIdleNodeRunsIt_WhileTheBusyNodesSlotIsTaken()
    {
        await using var recorder = await Recorder.StartAsync();
        var held = recorder.HoldNext("effect"); // node-a's one running slot stays taken by the first instance's call
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("handback-flow")
            .HttpEndpoint("start", "handback/start", "POST")
            .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "effect").ToString()), ["method"] = Flow.Literal("POST") })
            .Chain("start", "call")
            .Build());

        // Leases of 6 s, renewed every 2 s: node-a hands back what waited 2 s or more, long before any lease could run out.
        var lease = TimeSpan.FromSeconds(6);
        var busy = await harness.StartNodeAsync("node-a", lease, new Dictionary<string, string?>
        {
            ["Workflows__MaxConcurrency"] = "1",
            ["Workflows__MaxBacklog"] = "3",
        });
        await harness.StartNodeAsync("node-b", lease);
        using var http = new HttpClient { BaseAddress = busy.BaseAddress };
        var first = await StartAsync(http, 0);
        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(!recorder.Deliveries.IsEmpty), TimeSpan.FromSeconds(30), "node-a's first call in flight");
        var waiting = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            waiting.Add(await StartAsync(http, i));
        }

        // node-a accepted all three into its backlog (its bound is 3), leased to itself, with no queue row for any node.
        await WorkflowServerHarness.WaitUntilAsync(
            async () => (await harness.InstancesAsync("handback-flow")).Count(i => waiting.Contains(i.Id) && i.Status == "Finished") == 3,
            TimeSpan.FromSeconds(60), "node-b to finish the three instances node-a accepted");

        // node-a's slot was taken all along: its first instance is still in its call, leased to it.
        Assert.False(held.Task.IsCompleted);
        Assert.Equal(1, await harness.ScalarAsync($"SELECT count(*) FROM workflow_instances WHERE id = '{first}' AND status = 'Running' AND lease_owner = 'node-a'"));
        foreach (var id in waiting)
        {
            // Handed back (a Run row), not taken over after a lease ran out.
            Assert.DoesNotContain(await harness.LogAsync(id), l => l.EventName == "Rerun");
        }

        held.SetResult();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("handback-flow")).All(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(60), "the first instance to finish");
        Assert.All(await harness.InstancesAsync("handback-flow"), i => Assert.Equal("Finished", i.SubStatus));
        Assert.Equal(4, recorder.Effects.Count);
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_until IS NOT NULL"));
    }

    private static async Task<string> StartAsync(HttpClient http, int order)
    {
        using var started = await http.PostAsJsonAsync("workflows/handback/start", new { order });
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();
    }
}
