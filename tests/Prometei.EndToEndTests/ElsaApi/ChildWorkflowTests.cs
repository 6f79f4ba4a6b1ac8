using System.Text.Json.Nodes;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// Elsa.ExecuteWorkflow and Elsa.DispatchWorkflow: child instances in our engine. The definitions are elsa-core's own test files
/// (<c>tests/compatibility/…/Activities/ExecuteWorkflow/Workflows/</c>) and the expectations those of its
/// <c>ExecuteWorkflowTests</c>: the parent waits for the child (durably: a bookmark the child's finishing commit resumes),
/// goes on at once without WaitForCompletion, and the child gets the correlation id and its input.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ChildWorkflowTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Folder = "elsa-core/test/integration/Elsa.Workflows.IntegrationTests/Activities/ExecuteWorkflow/Workflows";
    private ElsaApiServer _server = default!;

    public async Task InitializeAsync()
    {
        _server = await ElsaApiServer.StartAsync(postgres.Server);
        foreach (var file in (string[])["child-workflow.json", "parent-with-wait.json", "parent-no-wait.json", "parent-with-correlation.json"])
        {
            using var response = await _server.Client.PostAsync("workflow-definitions/import",
                new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(ElsaCompatibilityTests.CorpusFolder, Folder, file))));
            Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await _server.PostJsonAsync("workflow-definitions/child-workflow/publish", "{}");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ExecuteWorkflow_WithWaitForCompletion_ParentGoesOnAfterTheChildFinished()
    {
        var parent = await _server.ExecuteAsync("parent-with-wait");
        await _server.WaitForAsync(parent, "Finished");

        var parentLines = await LinesAsync(parent);
        var child = Assert.Single(await ChildrenAsync());
        Assert.Equal(["Parent: Before child", "Parent: After child"], parentLines.Select(l => l.Text));
        var childLine = Assert.Single(await LinesAsync(child));
        Assert.Equal("Child: Executing", childLine.Text);
        Assert.True(childLine.At <= parentLines[1].At, "the parent wrote its last line before the child ran");
        var execute = await ExecuteRecordAsync(parent);
        Assert.Equal(child, execute["outputs"]!["Result"]!["workflowInstanceId"]!.GetValue<string>());
        Assert.Equal("Finished", execute["outputs"]!["Result"]!["subStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteWorkflow_WithoutWaitForCompletion_ParentFinishesAndTheChildRunsToo()
    {
        var parent = await _server.ExecuteAsync("parent-no-wait");
        await _server.WaitForAsync(parent, "Finished");

        Assert.Equal(["Parent: Before child", "Parent: After child"], (await LinesAsync(parent)).Select(l => l.Text));
        var child = Assert.Single(await ChildrenAsync());
        await _server.WaitForAsync(child, "Finished");
        Assert.Equal(["Child: Executing"], (await LinesAsync(child)).Select(l => l.Text));
    }

    [Fact]
    public async Task ExecuteWorkflow_SetsTheCorrelationIdOnTheChild()
    {
        var parent = await _server.ExecuteAsync("parent-with-correlation");
        await _server.WaitForAsync(parent, "Finished");

        var child = Assert.Single(await ChildrenAsync());
        var instance = await _server.GetJsonAsync($"workflow-instances/{child}");
        Assert.Equal("test-correlation-123", instance["workflowInstance"]?["correlationId"]?.GetValue<string>()
            ?? instance["correlationId"]?.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteWorkflow_PassesInput_TheChildReadsItWithElsasInputAccessor()
    {
        foreach (var file in (string[])["child-with-input.json", "parent-with-input.json"])
        {
            using var response = await _server.Client.PostAsync("workflow-definitions/import",
                new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(ElsaCompatibilityTests.CorpusFolder, Folder, file))));
            Assert.True(response.IsSuccessStatusCode, $"{file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await _server.PostJsonAsync("workflow-definitions/child-with-input/publish", "{}");

        var parent = await _server.ExecuteAsync("parent-with-input");
        await _server.WaitForAsync(parent, "Finished");

        var list = await _server.PostJsonAsync("workflow-instances", """{"definitionId":"child-with-input","page":0,"pageSize":10}""");
        var child = Assert.Single(list["items"]!.AsArray())!["id"]!.GetValue<string>();
        await _server.WaitForAsync(child, "Finished");
        // Elsa's ExecuteWorkflowTests.ExecuteWorkflowPassesInput: the child's getMessage() reads its declared input.
        Assert.Equal(["Child received: Hello from parent"], (await LinesAsync(child)).Select(l => l.Text));
    }

    [Fact]
    public async Task DispatchWorkflow_FiresAndForgets_TheChildRunsOnItsOwn()
    {
        var definition = JsonNode.Parse($$"""
            {
              "definitionId": "dispatcher", "name": "dispatcher", "version": 1,
              "root": { "id": "seq", "type": "Elsa.Sequence", "version": 1, "activities": [
                { "id": "dispatch", "type": "Elsa.DispatchWorkflow", "version": 1,
                  "workflowDefinitionId": { "typeName": "String", "expression": { "type": "Literal", "value": "child-workflow" } } },
                { "id": "after", "type": "Elsa.WriteLine", "version": 1,
                  "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Dispatched" } } } ] }
            }
            """)!.AsObject();

        var parent = await _server.RunAsync(definition, "Finished");

        Assert.Equal(["Dispatched"], (await LinesAsync(parent)).Select(l => l.Text));
        var child = Assert.Single(await ChildrenAsync());
        await _server.WaitForAsync(child, "Finished");
        Assert.Equal(["Child: Executing"], (await LinesAsync(child)).Select(l => l.Text));
    }

    /// <summary>The instances of child-workflow started since the last call (each test runs one parent).</summary>
    private async Task<List<string>> ChildrenAsync()
    {
        var list = await _server.PostJsonAsync("workflow-instances", """{"definitionId":"child-workflow","page":0,"pageSize":100}""");
        var ids = list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Where(id => _seen.Add(id)).ToList();
        return ids;
    }

    private readonly HashSet<string> _seen = [];

    private async Task<List<(string Text, DateTimeOffset At)>> LinesAsync(string instanceId)
    {
        var journal = await _server.PostJsonAsync($"workflow-instances/{instanceId}/journal?skip=0&take=1000", "");
        return journal["items"]!.AsArray()
            .Where(i => i!["source"]?.GetValue<string>() == "WriteLine")
            .Select(i => (i!["message"]!.GetValue<string>(), i["timestamp"]!.GetValue<DateTimeOffset>()))
            .ToList();
    }

    private async Task<JsonNode> ExecuteRecordAsync(string instanceId)
    {
        var records = await _server.GetJsonAsync($"activity-executions/list?workflowInstanceId={instanceId}&activityId=ExecuteWorkflow1");
        var items = records["items"] as JsonArray ?? records.AsArray();
        return items.Last(r => r!["status"]?.GetValue<string>() == "Completed")!;
    }
}
