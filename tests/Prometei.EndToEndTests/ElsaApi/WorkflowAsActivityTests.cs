using System.Text;
using System.Text.Json.Nodes;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// Elsa's workflow-as-activity (<c>WorkflowDefinitionActivity</c>): a definition published with
/// <c>options.usableAsActivity</c> is an activity type named after it, in other workflows. Here it runs as a durable child
/// instance: the activity's inputs are the child's input, the child's outputs the activity's outputs. Our own files
/// (<c>UserFiles/activity-*.json</c>) and elsa-core's <c>parent-with-io.json</c>.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class WorkflowAsActivityTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string ChildId = "user-activity-child-greets";
    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string UserFile(string name) =>
        Path.Combine(Path.GetDirectoryName(ElsaCompatibilityTests.CorpusFolder)!, "Prometei.EndToEndTests", "ElsaApi", "UserFiles", name);

    [Fact]
    public async Task ParentImportedBeforeItsChild_BothPublish_ParentRunsTheChild_ItsOutputReachesTheParent()
    {
        // The order people import files in: the parent first (its activity type is not known yet), then the child.
        var parentId = await ImportAsync(UserFile("activity-parent-uses-child.json"), publish: true);
        await ImportAsync(UserFile("activity-child-greets.json"), publish: true);

        var parent = await _server.ExecuteAsync(parentId);
        await _server.WaitForAsync(parent, "Finished");

        Assert.Equal(["Parent got: Hello, Aigerim!"], await LinesAsync(parent));
        var variables = await _server.GetJsonAsync($"workflow-instances/{parent}/variables");
        var variable = Assert.Single(variables["items"]!.AsArray())!;
        Assert.Equal("LastGreeting", variable["name"]!.GetValue<string>());
        Assert.Equal("Hello, Aigerim!", variable["value"]!.GetValue<string>());

        var child = Assert.Single(await InstancesAsync(ChildId));
        await _server.WaitForAsync(child, "Finished");
        Assert.Equal(["Child greets Aigerim"], await LinesAsync(child));
        var record = await RecordAsync(parent, "GreetCustomer1");
        Assert.Equal("Hello, Aigerim!", record["outputs"]!["Greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Descriptor_IsInTheToolboxWhilePublished_NotBrowsableWhenRetracted_GoneWhenDeleted()
    {
        await ImportAsync(UserFile("activity-child-greets.json"), publish: false);
        Assert.False((await DescriptorAsync("GreetCustomer"))!["isBrowsable"]!.GetValue<bool>());

        await _server.PostJsonAsync($"workflow-definitions/{ChildId}/publish", "{}");
        var descriptor = (await DescriptorAsync("GreetCustomer"))!;
        JsonShape.AssertMatches(
            """
            {"typeName":"GreetCustomer","name":"GreetCustomer","version":1,"category":"Workflows","displayName":"Greet Customer",
             "kind":"Action","isBrowsable":true,
             "customProperties":{"RootType":"WorkflowDefinitionActivity","WorkflowDefinitionId":"user-activity-child-greets","WorkflowDefinitionVersionId":"user-activity-child-greets:v1"},
             "constructionProperties":{"WorkflowDefinitionId":"user-activity-child-greets","WorkflowDefinitionVersionId":"user-activity-child-greets:v1","Version":1}}
            """,
            descriptor);
        var input = Assert.Single(descriptor["inputs"]!.AsArray())!;
        Assert.Equal("CustomerName", input["name"]!.GetValue<string>());
        Assert.True(input["isWrapped"]!.GetValue<bool>());
        Assert.True(input["isSynthetic"]!.GetValue<bool>());
        Assert.Equal("Greeting", Assert.Single(descriptor["outputs"]!.AsArray())!["name"]!.GetValue<string>());

        await _server.PostJsonAsync($"workflow-definitions/{ChildId}/retract", "{}");
        Assert.False((await DescriptorAsync("GreetCustomer"))!["isBrowsable"]!.GetValue<bool>());

        using var delete = await _server.Client.DeleteAsync($"workflow-definitions/{ChildId}");
        Assert.True(delete.IsSuccessStatusCode, $"delete: {(int)delete.StatusCode}");
        Assert.Null(await DescriptorAsync("GreetCustomer"));
    }

    [Fact]
    public async Task ElsaCorpusParentWithIo_ItsRootIsAWorkflowActivity_ImportsAndRunsItsChildWithTheInput()
    {
        const string Folder = "elsa-core/test/integration/Elsa.Workflows.IntegrationTests";
        var parentId = await ImportAsync(
            Path.Combine(ElsaCompatibilityTests.CorpusFolder, Folder, "Scenarios/WorkflowDefinitionActivities/Workflows/parent-with-io.json"), publish: true);
        await ImportAsync(Path.Combine(ElsaCompatibilityTests.CorpusFolder, Folder, "Activities/ExecuteWorkflow/Workflows/child-with-input.json"), publish: true);

        var parent = await _server.ExecuteAsync(parentId);
        await _server.WaitForAsync(parent, "Finished");

        var child = Assert.Single(await InstancesAsync("child-with-input"));
        await _server.WaitForAsync(child, "Finished");
        Assert.Equal(["Child received: Test message"], await LinesAsync(child));
    }

    [Fact]
    public async Task ChildNotOnThisServer_ParentPublishes_RunFaultsNamingTheMissingDefinition()
    {
        var parent = JsonNode.Parse("""
            {
              "definitionId": "user-activity-orphan", "name": "Orphan parent", "version": 1,
              "root": { "id": "Flowchart1", "type": "Elsa.Flowchart", "version": 1, "activities": [
                { "id": "Missing1", "type": "NoSuchChild", "version": 1, "workflowDefinitionId": "no-such-child",
                  "workflowDefinitionVersionId": "no-such-child-v1" } ], "connections": [] }
            }
            """)!.AsObject();

        var id = await _server.RunAsync(parent, "Faulted");

        var instance = await _server.GetJsonAsync($"workflow-instances/{id}");
        var incident = Assert.Single(instance["workflowState"]!["incidents"]!.AsArray())!;
        Assert.Contains("workflow definition 'no-such-child' does not exist", incident["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<string> ImportAsync(string path, bool publish)
    {
        var model = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        model["publish"] = publish;
        using var response = await _server.Client.PostAsync("workflow-definitions/import", new StringContent(model.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"import {Path.GetFileName(path)}: {(int)response.StatusCode} {text}");
        Assert.Equal(publish, JsonNode.Parse(text)!["isPublished"]!.GetValue<bool>());
        return JsonNode.Parse(text)!["definitionId"]!.GetValue<string>();
    }

    private async Task<JsonNode?> DescriptorAsync(string typeName)
    {
        var list = await _server.GetJsonAsync("descriptors/activities");
        return list["items"]!.AsArray().SingleOrDefault(d => d!["typeName"]!.GetValue<string>() == typeName);
    }

    private async Task<List<string>> InstancesAsync(string definitionId)
    {
        var list = await _server.PostJsonAsync("workflow-instances", $$"""{"definitionId":"{{definitionId}}","page":0,"pageSize":100}""");
        return [.. list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    private async Task<List<string>> LinesAsync(string instanceId)
    {
        var journal = await _server.PostJsonAsync($"workflow-instances/{instanceId}/journal?skip=0&take=1000", "");
        return [.. journal["items"]!.AsArray().Where(i => i!["source"]?.GetValue<string>() == "WriteLine").Select(i => i!["message"]!.GetValue<string>())];
    }

    private async Task<JsonNode> RecordAsync(string instanceId, string activityId)
    {
        var records = await _server.GetJsonAsync($"activity-executions/list?workflowInstanceId={instanceId}&activityId={activityId}");
        var items = records["items"] as JsonArray ?? records.AsArray();
        return items.Last(r => r!["status"]?.GetValue<string>() == "Completed")!;
    }
}
