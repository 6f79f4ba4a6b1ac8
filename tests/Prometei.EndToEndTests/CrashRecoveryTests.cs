using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>What survives SIGKILL: a flow of outside effects finished by a second process with each effect done once.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class CrashRecoveryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task KilledMidFlow_SecondProcessFinishes_EachEffectOnce()
    {
        await using var recorder = await Recorder.StartAsync();
        recorder.Delay = TimeSpan.FromMilliseconds(150);
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        var effectUrl = new Uri(recorder.BaseAddress, "effect").ToString();
        harness.AddDefinition(Flow.Create("crash-flow")
            .HttpEndpoint("start", "crash/start", "POST")
            .Activity("loop", "Elsa.ForEach", new()
            {
                ["items"] = Flow.CSharp("Enumerable.Range(1, 20).ToList()"),
                ["body"] = new JsonObject
                {
                    ["id"] = "call",
                    ["type"] = "Elsa.SendHttpRequest",
                    ["version"] = 1,
                    ["url"] = Flow.Literal(effectUrl),
                    ["method"] = Flow.Literal("POST"),
                    ["content"] = Flow.CSharp("new { item = Variables.CurrentValue }"),
                },
            })
            .Activity("final", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(effectUrl), ["method"] = Flow.Literal("POST") })
            .Chain("start", "loop", "final")
            .Build());

        var first = await harness.StartNodeAsync("node-a", lease: TimeSpan.FromSeconds(2));
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        var started = await http.PostAsJsonAsync("workflows/crash/start", new { order = 1 });
        started.EnsureSuccessStatusCode();
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();

        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(recorder.Deliveries.Count >= 6), TimeSpan.FromSeconds(30), "six effects");
        first.Kill();
        var deliveredBeforeKill = recorder.Deliveries.Count;

        await harness.StartNodeAsync("node-b", lease: TimeSpan.FromSeconds(2));
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("crash-flow")).All(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(60), "the instance to finish on node-b");

        var instance = Assert.Single(await harness.InstancesAsync("crash-flow"));
        Assert.Equal(instanceId, instance.Id);
        Assert.Equal("Finished", instance.SubStatus);
        var keys = recorder.Deliveries.Select(d => d.Key).ToList();
        Assert.All(keys, k => Assert.StartsWith($"{instanceId}:", k, StringComparison.Ordinal));
        Assert.Equal(21, keys.Distinct().Count());        // 20 loop bodies and the final call: no key was made twice
        Assert.Equal(21, recorder.Effects.Count);
        Assert.True(deliveredBeforeKill < 21, "the process was killed before the flow ended");
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_until IS NOT NULL"));
        var log = await harness.LogAsync(instanceId);
        Assert.Contains(log, l => l.EventName == "Rerun" && l.Message!.Contains("node-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingActivity_RestartBetweenAttempts_NextAttemptsDueAfter1And2Minutes_CompletesOnThird()
    {
        await using var recorder = await Recorder.StartAsync();
        recorder.FailuresLeft["flaky"] = 2;
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("retry-flow")
            .HttpEndpoint("start", "retry/start", "POST")
            .Activity("call", "Elsa.SendHttpRequest",
                new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "flaky").ToString()), ["method"] = Flow.Literal("POST") },
                retryPolicy: new JsonObject { ["maxAttempts"] = 5, ["initialDelay"] = "00:01:00", ["factor"] = 2.0, ["maxDelay"] = "00:05:00", ["jitter"] = 0.0 })
            .Chain("start", "call")
            .Build());

        var first = await harness.StartNodeAsync("node-a");
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        (await http.PostAsync("workflows/retry/start", null)).EnsureSuccessStatusCode();
        await WorkflowServerHarness.WaitUntilAsync(async () => await harness.ScalarAsync("SELECT count(*) FROM work_items WHERE kind = 'Retry'") == 1,
            TimeSpan.FromSeconds(30), "the first retry to be scheduled");
        first.Kill();

        // Attempt 2 is due a minute after attempt 1. Due times are compared with PostgreSQL's now(): the test checks the time
        // written, then brings it to now instead of waiting for it.
        var attempt1 = Assert.Single(recorder.Deliveries, d => d.Path == "flaky").At;
        Assert.InRange((await RetryDueAsync(harness) - attempt1).TotalSeconds, 60, 61);
        await RunOutRetryAsync(harness);

        // On another process attempt 2 fails too; attempt 3 is due two minutes after it: the count survived the restart.
        await harness.StartNodeAsync("node-b");
        DateTimeOffset attempt2 = default;
        await WorkflowServerHarness.WaitUntilAsync(
            async () => recorder.Deliveries.Where(d => d.Path == "flaky").Skip(1).FirstOrDefault() is { } second
                && (attempt2 = second.At) != default && await RetryDueAsync(harness) > attempt2,
            TimeSpan.FromSeconds(30), "the second retry to be scheduled");
        Assert.InRange((await RetryDueAsync(harness) - attempt2).TotalSeconds, 120, 121);
        await RunOutRetryAsync(harness);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("retry-flow")).All(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(60), "the instance to finish");

        var instance = Assert.Single(await harness.InstancesAsync("retry-flow"));
        Assert.Equal("Finished", instance.SubStatus);
        Assert.Equal(3, recorder.Deliveries.Count(d => d.Path == "flaky"));
        var records = (await harness.RecordsAsync(instance.Id)).Where(r => r.NodeId.EndsWith(":call", StringComparison.Ordinal)).ToList();
        Assert.Equal([(1, "Faulted"), (2, "Faulted"), (3, "Completed")], records.Select(r => (r.Attempt, r.Status)).ToList());
    }

    [Fact]
    public async Task HttpTrigger_KilledRightAfterAnswer_InstanceExistsAndRunsAfterRestart()
    {
        await using var recorder = await Recorder.StartAsync();
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("ack-flow")
            .HttpEndpoint("start", "ack", "POST")
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Flow.Literal("00:01:00", "TimeSpan") })
            .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "acked").ToString()), ["method"] = Flow.Literal("POST") })
            .Chain("start", "wait", "call")
            .Build());

        var first = await harness.StartNodeAsync("node-a");
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        var response = await http.PostAsync("workflows/ack", new StringContent("{\"n\":1}", System.Text.Encoding.UTF8, "application/json"));
        first.Kill();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var instanceId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();

        var stored = Assert.Single(await harness.InstancesAsync("ack-flow"));
        Assert.Equal(instanceId, stored.Id);
        Assert.Equal("{\"n\":1}", stored.State["input"]!["body"]!.GetValue<string>());
        Assert.Empty(recorder.Deliveries);

        // The restarted node runs it to its delay (a minute: the kill lands long before the call); the test brings the
        // wake-up to PostgreSQL's now() instead of waiting for it.
        await harness.StartNodeAsync("node-b");
        await WorkflowServerHarness.WaitUntilAsync(async () => await DueAsync(harness, "Resume") > DateTimeOffset.MinValue,
            TimeSpan.FromSeconds(30), "the instance to reach its delay after the restart");
        Assert.Equal(1, await harness.ScalarAsync("WITH moved AS (UPDATE work_items SET due_at = now() WHERE kind = 'Resume' RETURNING 1) SELECT count(*) FROM moved"));
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("ack-flow")).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(30), "the instance to finish after the restart");
        Assert.Single(recorder.Deliveries);
    }

    [Fact]
    public async Task Delay_ServerRestartedWhileWaiting_WakeUpStoredForTheDelay_ResumesWhenDue()
    {
        await using var recorder = await Recorder.StartAsync();
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("delay-flow")
            .HttpEndpoint("start", "delay", "POST")
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Flow.Literal("00:01:00", "TimeSpan") })
            .Activity("call", "Elsa.SendHttpRequest", new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "delayed").ToString()), ["method"] = Flow.Literal("POST") })
            .Chain("start", "wait", "call")
            .Build());

        var first = await harness.StartNodeAsync("node-a");
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        var startedAt = DateTimeOffset.UtcNow;
        (await http.PostAsync("workflows/delay", null)).EnsureSuccessStatusCode();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("delay-flow")).Any(i => i.SubStatus == "Suspended"),
            TimeSpan.FromSeconds(20), "the instance to wait on its delay");
        var suspendedBy = DateTimeOffset.UtcNow;
        await first.StopAsync();

        // The wake-up is stored a minute after the delay began (between the start and the moment it was seen waiting), so it
        // survives the stop. Due times are compared with PostgreSQL's now(): bring it to now instead of waiting for it.
        var due = await DueAsync(harness, "Resume");
        Assert.InRange(due, startedAt.AddMinutes(1), suspendedBy.AddMinutes(1));
        Assert.Empty(recorder.Deliveries);
        Assert.Equal(1, await harness.ScalarAsync("WITH moved AS (UPDATE work_items SET due_at = now() WHERE kind = 'Resume' RETURNING 1) SELECT count(*) FROM moved"));

        await harness.StartNodeAsync("node-b");
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("delay-flow")).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(30), "the delay to resume");
        Assert.Single(recorder.Deliveries);
    }

    private static Task<DateTimeOffset> RetryDueAsync(WorkflowServerHarness harness) => DueAsync(harness, "Retry");

    /// <summary>The due time of the one queued item of <paramref name="kind"/> (MinValue while there is none).</summary>
    private static async Task<DateTimeOffset> DueAsync(WorkflowServerHarness harness, string kind)
    {
        await using var command = harness.DataSource.CreateCommand("SELECT max(due_at) FROM work_items WHERE kind = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = kind });
        return await command.ExecuteScalarAsync() is DateTime due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
    }

    private static async Task RunOutRetryAsync(WorkflowServerHarness harness) =>
        Assert.Equal(1, await harness.ScalarAsync("WITH moved AS (UPDATE work_items SET due_at = now() WHERE kind = 'Retry' RETURNING 1) SELECT count(*) FROM moved"));
}
