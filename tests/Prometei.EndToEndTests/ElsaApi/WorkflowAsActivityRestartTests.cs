using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// A workflow used as an activity whose child waits (on an event) while the node running both is killed: another node
/// resumes the child on the event, and the child's finishing commit resumes the parent, once.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class WorkflowAsActivityRestartTests(PostgresFixture postgres)
{
    private const string EventSecret = "wfa-restart-secret-0123456789";

    [Fact]
    public async Task ChildWaitsOnAnEvent_NodeKilled_OtherNodeResumesTheChild_ParentGoesOnExactlyOnce()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        var child = Flow.Create("wfa-child", "Wait For Approval")
            .Activity("approval", "Elsa.Event", new() { ["eventName"] = Flow.Literal("wfa-approved") })
            .Activity("answer", "Elsa.SetOutput", new()
            {
                ["outputName"] = Flow.Literal("Approval"),
                ["outputValue"] = JavaScript("'approved ' + getOrder()"),
            })
            .Chain("approval", "answer")
            .Build();
        child["options"]!["usableAsActivity"] = true;
        child["inputs"] = JsonNode.Parse("""[{"type":"String","name":"Order","displayName":"Order","uiHint":"singleline"}]""");
        child["outputs"] = JsonNode.Parse("""[{"type":"String","name":"Approval","displayName":"Approval"}]""");
        harness.AddDefinition(child);
        harness.AddDefinition(Flow.Create("wfa-parent")
            .HttpEndpoint("start", "wfa", "POST")
            .Activity("ask", "WaitForApproval", new()
            {
                ["workflowDefinitionId"] = "wfa-child",
                ["order"] = Flow.Literal("42"),
            })
            .Activity("say", "Elsa.WriteLine", new() { ["text"] = JavaScript("'Parent got ' + getApprovalFromAsk()") })
            .Chain("start", "ask", "say")
            .Build());
        var settings = new Dictionary<string, string?>
        {
            ["Workflows__EventSecrets__0__Event"] = "wfa-approved",
            ["Workflows__EventSecrets__0__Secret"] = EventSecret,
        };

        var first = await harness.StartNodeAsync("node-a", extra: settings);
        using (var http = new HttpClient { BaseAddress = first.BaseAddress })
        {
            (await http.PostAsync("workflows/wfa", null)).EnsureSuccessStatusCode();
        }

        await WorkflowServerHarness.WaitUntilAsync(
            async () => (await harness.InstancesAsync("wfa-child")).Any(i => i.SubStatus == "Suspended")
                && (await harness.InstancesAsync("wfa-parent")).Any(i => i.SubStatus == "Suspended"),
            TimeSpan.FromSeconds(30), "the parent to wait on its child, and the child on its event");
        first.Kill();

        var second = await harness.StartNodeAsync("node-b", extra: settings);
        using (var http = new HttpClient { BaseAddress = second.BaseAddress })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "workflows/events/wfa-approved") { Content = JsonContent.Create(new { by = "operator" }) };
            request.Headers.Add("X-Event-Secret", EventSecret);
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        await WorkflowServerHarness.WaitUntilAsync(
            async () => (await harness.InstancesAsync("wfa-parent")).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(60), "the parent to finish after its child");
        var parent = Assert.Single(await harness.InstancesAsync("wfa-parent"));
        Assert.Equal("Finished", Assert.Single(await harness.InstancesAsync("wfa-child")).SubStatus);
        Assert.Single(await harness.LogAsync(parent.Id), l => l.Message == "Parent got approved 42");
        var records = await harness.RecordsAsync(parent.Id);
        Assert.Single(records, r => r.NodeId.EndsWith(":ask", StringComparison.Ordinal) && r.Status == "Completed");
        Assert.Single(records, r => r.NodeId.EndsWith(":say", StringComparison.Ordinal));
    }

    private static JsonObject JavaScript(string code) =>
        new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = code } };
}
