using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>
/// The fence: a node that froze mid-step (SIGSTOP, as in a long pause), lost its lease to another node and then woke up
/// tries to commit what it did and writes nothing.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class StaleWriterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task NodeWhoseLeaseWasTakenOver_TriesToCommit_AndWritesNothing()
    {
        await using var recorder = await Recorder.StartAsync();
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("fence-flow")
            .HttpEndpoint("start", "fence/start", "POST")
            .Activity("slow", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "slow").ToString()), ["method"] = Flow.Literal("POST") })
            .Activity("final", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "final").ToString()), ["method"] = Flow.Literal("POST") })
            .Chain("start", "slow", "final")
            .Build());
        var gate = recorder.HoldNext("slow");

        var stale = await harness.StartNodeAsync("node-a", lease: TimeSpan.FromSeconds(2));
        using var http = new HttpClient { BaseAddress = stale.BaseAddress };
        var started = await http.PostAsJsonAsync("workflows/fence/start", new { order = 1 });
        started.EnsureSuccessStatusCode();
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();
        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(recorder.Deliveries.Any(d => d.Path == "slow")),
            TimeSpan.FromSeconds(30), "node-a to call the slow effect");
        await stale.PauseAsync();
        try
        {
            // node-a holds its lease until it runs out; then node-b takes the instance over, redoes the step and finishes it.
            await harness.StartNodeAsync("node-b", lease: TimeSpan.FromSeconds(2));
            await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("fence-flow")).Single().Status == "Finished",
                TimeSpan.FromSeconds(60), "node-b to finish the instance");
            Assert.Contains(await harness.LogAsync(instanceId), l => l.EventName == "Rerun" && l.Message!.Contains("node-a", StringComparison.Ordinal));
            var before = await SnapshotAsync(harness, instanceId);

            // node-a wakes up, gets its answer and commits the step it ran under the old fence.
            gate.SetResult();
            await stale.ResumeAsync();
            await WorkflowServerHarness.WaitUntilAsync(
                () => Task.FromResult(stale.Output.Contains($"Lost the lease on workflow instance {instanceId}", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), "node-a to try its commit and be refused by the fence");

            Assert.Equal(before, await SnapshotAsync(harness, instanceId));
            var instance = Assert.Single(await harness.InstancesAsync("fence-flow"));
            Assert.Equal("Finished", instance.SubStatus);
            Assert.Equal(2, recorder.Effects.Count);    // slow and final, each once: node-a's late call repeated the key
            Assert.Equal(2, recorder.Deliveries.Count(d => d.Path == "slow"));
            Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));
        }
        finally
        {
            gate.TrySetResult();
            await stale.ResumeAsync();
        }
    }

    /// <summary>Everything a step writes: the instance row, the journal and the log.</summary>
    private static async Task<string> SnapshotAsync(WorkflowServerHarness harness, string instanceId)
    {
        await using var cmd = harness.DataSource.CreateCommand(
            """
            SELECT concat_ws('|',
                (SELECT concat_ws(',', status, sub_status, fence, lease_owner, updated_at, md5(state::text)) FROM workflow_instances WHERE id = $1),
                (SELECT count(*) || ':' || coalesce(md5(string_agg(id || status || coalesce(outputs::text, ''), ',' ORDER BY id)), '') FROM activity_executions WHERE instance_id = $1),
                (SELECT count(*) || ':' || coalesce(max(sequence), 0) FROM execution_log WHERE instance_id = $1),
                (SELECT count(*) FROM bookmarks WHERE instance_id = $1),
                (SELECT count(*) FROM work_items WHERE instance_id = $1))
            """);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = instanceId });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
