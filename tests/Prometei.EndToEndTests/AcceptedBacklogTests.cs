using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>
/// A node whose running slots are all busy keeps the instances it accepts, leased to itself, in a bounded local backlog
/// (Workflows:MaxBacklog) instead of a Run queue row; past the bound a start is queued for any node; a node killed with a
/// backlog leaves leases that run out, and another node takes those instances over.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class AcceptedBacklogTests(PostgresFixture postgres)
{
    [Fact]
    public async Task PastItsRunningSlots_ANodeKeepsTheNextStartsLeasedWithoutRunRows_UpToItsBound_AndRunsThemAll()
    {
        await using var recorder = await Recorder.StartAsync();
        recorder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(EffectFlow("backlog-flow", recorder));
        var node = await harness.StartNodeAsync("node-a", lease: TimeSpan.FromSeconds(30), extra: Slots(running: 2, backlog: 3));
        using var http = new HttpClient { BaseAddress = node.BaseAddress };

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await StartAsync(http, "backlog-flow", i));
        }

        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(recorder.Deliveries.Count >= 2), TimeSpan.FromSeconds(30), "two calls in flight");

        // Two run (their calls are held), three wait in node-a's backlog: all five leased to node-a, none in the queue.
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));
        Assert.Equal(5, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_owner = 'node-a' AND lease_until > now()"));
        Assert.Equal(2, recorder.Deliveries.Count);

        // The sixth is past the bound: queued for any node.
        var sixth = await StartAsync(http, "backlog-flow", 5);
        Assert.Equal(1, await harness.ScalarAsync($"SELECT count(*) FROM work_items WHERE kind = 'Run' AND instance_id = '{sixth}'"));
        Assert.Equal(1, await harness.ScalarAsync("SELECT count(*) FROM work_items"));

        recorder.Gate.SetResult();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("backlog-flow")).Count(i => i.Status == "Finished") == 6,
            TimeSpan.FromSeconds(60), "all six instances to finish");

        Assert.All(await harness.InstancesAsync("backlog-flow"), i => Assert.Equal("Finished", i.SubStatus));
        Assert.Equal(6, recorder.Effects.Count);
        Assert.Equal(6, recorder.Deliveries.Select(d => d.Key).Distinct().Count());
        foreach (var id in ids)
        {
            Assert.DoesNotContain(await harness.LogAsync(id), l => l.EventName == "Rerun");
        }

        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_until IS NOT NULL"));
    }

    [Fact]
    public async Task NodeKilledWithABacklog_AnotherNodeTakesItOver_EachEffectOnce()
    {
        await using var recorder = await Recorder.StartAsync();
        recorder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(EffectFlow("killed-backlog-flow", recorder));
        // A lease of 9 s is renewed every 3 s, when what waited in the backlog that long is handed back: node-a is killed first.
        var first = await harness.StartNodeAsync("node-a", lease: TimeSpan.FromSeconds(9), extra: Slots(running: 1, backlog: 3));
        using var http = new HttpClient { BaseAddress = first.BaseAddress };

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await StartAsync(http, "killed-backlog-flow", i));
        }

        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(!recorder.Deliveries.IsEmpty), TimeSpan.FromSeconds(30), "node-a's first call in flight");
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));
        Assert.Equal(4, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_owner = 'node-a'"));
        first.Kill();
        recorder.Gate.SetResult();

        await harness.StartNodeAsync("node-b", lease: TimeSpan.FromSeconds(2));
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("killed-backlog-flow")).Count(i => i.Status == "Finished") == 4,
            TimeSpan.FromSeconds(60), "node-b to finish the four instances");

        Assert.All(await harness.InstancesAsync("killed-backlog-flow"), i => Assert.Equal("Finished", i.SubStatus));
        foreach (var id in ids)
        {
            // Taken over after a lease ran out (node-a's; on a starved machine node-b may also outlive its own and take the
            // instance over from itself), not claimed from a Run row: node-a was killed, it handed nothing back.
            Assert.Contains(await harness.LogAsync(id), l => l.EventName == "Rerun");
        }

        Assert.Equal(4, recorder.Effects.Count);
        Assert.All(recorder.Deliveries, d => Assert.Contains(d.Key.Split(':')[0], ids));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_until IS NOT NULL"));
    }

    private static Dictionary<string, string?> Slots(int running, int backlog) => new()
    {
        ["Workflows__MaxConcurrency"] = running.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Workflows__MaxBacklog"] = backlog.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static JsonObject EffectFlow(string name, Recorder recorder) => Flow.Create(name)
        .HttpEndpoint("start", $"{name}/start", "POST")
        .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "effect").ToString()), ["method"] = Flow.Literal("POST") })
        .Chain("start", "call")
        .Build();

    private static async Task<string> StartAsync(HttpClient http, string name, int order)
    {
        using var started = await http.PostAsJsonAsync($"workflows/{name}/start", new { order });
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();
    }
}
