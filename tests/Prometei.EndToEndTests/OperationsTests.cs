using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;
using Prometei.Workflows.Runtime;

namespace Prometei.EndToEndTests;

/// <summary>Cancel, retry and replay, through the runtime's operations on a server hosted in the test process.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class OperationsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Cancel_WaitingInstance_EndsCancelledWithNoBookmarkLeft()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("waiting")
            .HttpEndpoint("start", "waiting", "POST")
            .Activity("wait", "Elsa.Event", new() { ["eventName"] = Flow.Literal("never") })
            .Chain("start", "wait")
            .Build());
        await using var app = Host(harness);
        using var http = app.CreateClient();
        (await http.PostAsync("/workflows/waiting", null)).EnsureSuccessStatusCode();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).Any(i => i.SubStatus == "Suspended"),
            TimeSpan.FromSeconds(20), "the instance to wait");
        var id = (await harness.InstancesAsync()).Single().Id;

        Assert.True(await app.Services.GetRequiredService<WorkflowOperations>().CancelAsync(id));

        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).Single().SubStatus == "Cancelled",
            TimeSpan.FromSeconds(20), "the cancel");
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM bookmarks"));
        Assert.False(await app.Services.GetRequiredService<WorkflowOperations>().CancelAsync(id));
    }

    [Fact]
    public async Task Retry_FaultedInstance_RunsTheFaultedActivityAgainAndCompletes()
    {
        await using var recorder = await Recorder.StartAsync();
        recorder.FailuresLeft["fragile"] = 1;
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("fragile")
            .HttpEndpoint("start", "fragile", "POST")
            .Activity("call", "Elsa.SendHttpRequest",
                new() { ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "fragile").ToString()), ["method"] = Flow.Literal("POST") },
                retryPolicy: new JsonObject { ["maxAttempts"] = 1 })
            .Activity("after", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("after") })
            .Chain("start", "call", "after")
            .Build());
        await using var app = Host(harness);
        using var http = app.CreateClient();
        (await http.PostAsync("/workflows/fragile", null)).EnsureSuccessStatusCode();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).Any(i => i.SubStatus == "Faulted"),
            TimeSpan.FromSeconds(20), "the instance to fault");
        var faulted = (await harness.InstancesAsync()).Single();
        Assert.Single(faulted.State["incidents"]!.AsArray());

        Assert.True(await app.Services.GetRequiredService<WorkflowOperations>().RetryAsync(faulted.Id));

        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).Single().SubStatus == "Finished",
            TimeSpan.FromSeconds(20), "the retried instance to finish");
        Assert.Equal(2, recorder.Deliveries.Count);
        Assert.Single(recorder.Effects);
        Assert.Contains(await harness.LogAsync(faulted.Id), l => l.EventName == "Completed" && l.NodeId.EndsWith(":after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_FinishedInstance_MakesALinkedInstanceWithTheSameInput()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("echo")
            .HttpEndpoint("start", "echo", "POST")
            .Activity("log", "Elsa.WriteLine", new() { ["text"] = Flow.CSharp("(string)Input.body", "String") })
            .Chain("start", "log")
            .Build());
        await using var app = Host(harness);
        using var http = app.CreateClient();
        (await http.PostAsync("/workflows/echo", new StringContent("payload-7"))).EnsureSuccessStatusCode();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(20), "the first run");
        var original = (await harness.InstancesAsync()).Single();

        var replay = await app.Services.GetRequiredService<WorkflowOperations>().ReplayAsync(original.Id);

        Assert.NotNull(replay);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).Count == 2 && (await harness.InstancesAsync()).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(20), "the replay to finish");
        var copy = (await harness.InstancesAsync()).Single(i => i.Id == replay.Id);
        Assert.Equal(original.Id, copy.ReplayOf);
        Assert.Equal(original.State["input"]!.ToJsonString(), copy.State["input"]!.ToJsonString());
        Assert.Contains(await harness.LogAsync(copy.Id), l => l.Message == "payload-7");
    }

    private static WebApplicationFactory<Program> Host(WorkflowServerHarness harness) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", harness.ConnectionString);
            builder.UseSetting("Workflows:DefinitionsPath", harness.DefinitionsFolder);
            builder.UseSetting("Workflows:PollInterval", "00:00:00.200");
            builder.UseSetting("Workflows:NodeId", "in-process");
        });
}
