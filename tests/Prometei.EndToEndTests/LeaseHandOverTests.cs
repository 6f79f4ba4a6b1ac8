using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>A node stopped with SIGTERM hands its in-flight steps back at once: the other node continues them long before the lease would run out.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class LeaseHandOverTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SigtermedNode_ReleasesItsLeaseAtOnce_AnotherNodeContinuesTheInFlightStepLongBeforeExpiry()
    {
        await using var recorder = await Recorder.StartAsync();
        recorder.Delay = TimeSpan.FromMinutes(2); // the first call hangs: the step is in flight when node-a is stopped
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("handover-flow")
            .HttpEndpoint("start", "handover/start", "POST")
            .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "effect").ToString()), ["method"] = Flow.Literal("POST") })
            .Chain("start", "call")
            .Build());

        // Leases of 10 minutes: a handover that waited for expiry could not happen within this test.
        var lease = TimeSpan.FromMinutes(10);
        var first = await harness.StartNodeAsync("node-a", lease: lease);
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        using var started = await http.PostAsJsonAsync("workflows/handover/start", new { order = 1 });
        started.EnsureSuccessStatusCode();
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();
        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(!recorder.Deliveries.IsEmpty), TimeSpan.FromSeconds(30), "node-a's call to be in flight");
        await harness.StartNodeAsync("node-b", lease: lease);

        var held = await harness.ScalarAsync($"SELECT count(*) FROM workflow_instances WHERE id = '{instanceId}' AND lease_owner = 'node-a' AND lease_until > now() + interval '5 minutes'");
        Assert.Equal(1, held);
        var leaseUntil = await harness.ScalarAsync($"SELECT extract(epoch FROM lease_until)::bigint FROM workflow_instances WHERE id = '{instanceId}'");

        recorder.Delay = TimeSpan.Zero;
        await first.StopAsync(TimeSpan.FromSeconds(60));
        Assert.True(first.HasExited);

        // Stopped: node-a holds no lease any more (released, not left to run out).
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_owner = 'node-a' AND lease_until IS NOT NULL"));

        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("handover-flow")).Single().Status == "Finished",
            TimeSpan.FromSeconds(90), "node-b to finish the instance");
        var instance = Assert.Single(await harness.InstancesAsync("handover-flow"));
        Assert.Equal("Finished", instance.SubStatus);

        // Handed over, not taken over: a node that claims an instance whose lease ran out journals a "Rerun" naming the old
        // holder; here none. The call was sent again (node-a's was cut short) and completed, while node-a's lease still had
        // minutes to run.
        var log = await harness.LogAsync(instanceId);
        Assert.DoesNotContain(log, l => l.EventName == "Rerun");
        Assert.Contains(log, l => l.EventName == "Completed" && l.NodeId.EndsWith(":call", StringComparison.Ordinal));
        Assert.True(recorder.Deliveries.Count >= 2, "node-b sent the call again");
        var finishedAt = await harness.ScalarAsync(
            $"SELECT extract(epoch FROM w.finished_at)::bigint FROM workflow_instances w WHERE w.id = '{instanceId}'");
        Assert.True(finishedAt < leaseUntil - 300, $"finished at {finishedAt}, node-a's lease ran until {leaseUntil}");
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_until IS NOT NULL"));
    }
}
