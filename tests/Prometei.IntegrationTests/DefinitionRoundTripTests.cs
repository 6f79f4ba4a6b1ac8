using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;
using Prometei.Workflows.Activities;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence;

namespace Prometei.IntegrationTests;

/// <summary>A definition written by hand in Elsa Studio's format loads, runs, and comes back from the store as the same JSON.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DefinitionRoundTripTests(PostgresFixture postgres)
{
    // Written from shared/contracts/elsa-studio-api.md §4, the way Studio 3.8 saves a definition: designer sizes as doubles,
    // a new input with null typeName and memoryReference, a variable picked as JSON text, members the server does not know.
    private const string StudioDefinition = """
        {
          "id": "greeter:v1",
          "definitionId": "greeter",
          "name": "Greeter",
          "description": "Says hello.",
          "createdAt": "2025-03-02T08:15:00.0000000+00:00",
          "version": 1,
          "toolVersion": "3.8.0.0",
          "isLatest": true,
          "isPublished": false,
          "isReadonly": false,
          "isSystem": false,
          "materializerName": "Json",
          "providerName": null,
          "materializerContext": null,
          "options": { "activationStrategyType": null, "usableAsActivity": false, "autoUpdateConsumingWorkflows": false,
                       "activityCategory": null, "incidentStrategyType": null, "commitStrategyName": null },
          "variables": [
            { "id": "4f1c0a9e2b7d3c10", "name": "Greeting", "typeName": "String", "isArray": false, "value": "Hi",
              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" },
            { "id": "9a1c0a9e2b7d3c11", "name": "Count", "typeName": "Int32", "isArray": false, "value": "0",
              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }
          ],
          "inputs": [ { "type": "String", "isArray": false, "name": "Region", "displayName": "Region", "description": "",
                        "category": "", "uiHint": "singleline", "storageDriverType": null } ],
          "outputs": [],
          "outcomes": [],
          "customProperties": { "VariableTestValues": {}, "logPersistenceMode": { "default": "Inherit" } },
          "root": {
            "id": "flowchart1",
            "nodeId": "Workflow1:flowchart1",
            "name": "Flowchart1",
            "type": "Elsa.Flowchart",
            "version": 1,
            "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
            "metadata": {},
            "variables": [],
            "activities": [
              {
                "id": "a3f09c2d7e14b6a1",
                "nodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1",
                "name": "SetVariable1",
                "type": "Elsa.SetVariable",
                "version": 1,
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
                "metadata": { "displayText": "Count up", "designer": { "position": { "x": 240.5, "y": 120 }, "size": { "width": 170.421875, "height": 54 } } },
                "variable": { "id": "9a1c0a9e2b7d3c11", "name": "Count", "typeName": "Int32", "isArray": false, "value": "0",
                              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" },
                "value": { "typeName": "Object", "expression": { "type": "CSharp", "value": "Variables.Count + 41" },
                           "memoryReference": { "id": "a3f09c2d7e14b6a1:input-value" } }
              },
              {
                "id": "b7c1d2e3f4a5b6c7",
                "nodeId": "Workflow1:flowchart1:b7c1d2e3f4a5b6c7",
                "name": "WriteLine1",
                "type": "Elsa.WriteLine",
                "version": 1,
                "metadata": { "designer": { "position": { "x": 520, "y": 120 }, "size": { "width": 0, "height": 0 } } },
                "text": { "typeName": null, "expression": { "type": "CSharp", "value": "Variables.Greeting + \" \" + Input.Region + \" \" + Variables.Count" }, "memoryReference": null },
                "x-unknown-member": { "kept": [1, 2, 3] }
              }
            ],
            "connections": [
              { "source": { "activity": "a3f09c2d7e14b6a1", "port": "Done" }, "target": { "activity": "b7c1d2e3f4a5b6c7", "port": "In" },
                "vertices": [ { "x": 400, "y": 140 } ] }
            ]
          },
          "links": []
        }
        """;

    [Fact]
    public async Task StudioDefinition_SavedAndLoaded_IsEquivalentJson_AndRuns()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SqlMigrator.MigrateAsync(dataSource, typeof(DefinitionStore).Assembly);
        var registry = new ActivityRegistry(ActivityRegistry.FindActivityTypes(typeof(Flowchart).Assembly));
        var builder = new WorkflowBuilder(registry);
        var store = new DefinitionStore(dataSource, TimeProvider.System);
        var original = (JsonObject)JsonNode.Parse(StudioDefinition)!;

        var model = (JsonObject)original.DeepClone();
        builder.Normalize(model);
        Assert.Empty(builder.Validate(model));
        var saved = await store.SaveAsync(model, publish: false, triggers: null);
        var loaded = (await store.GetByVersionIdAsync(saved.Id))!;

        // What the server owns (flags, timestamps) and fills in (a new input's type name and memory id) aside, it is the same JSON.
        var expected = (JsonObject)original.DeepClone();
        var actual = (JsonObject)loaded.Data.DeepClone();
        foreach (var key in new[] { "createdAt", "isLatest", "isPublished", "isReadonly" })
        {
            expected.Remove(key);
            actual.Remove(key);
        }

        var text = actual["root"]!["activities"]![1]!["text"]!.AsObject();
        Assert.Equal("String", text["typeName"]!.GetValue<string>());
        Assert.Equal("b7c1d2e3f4a5b6c7:input-text", text["memoryReference"]!["id"]!.GetValue<string>());
        text["typeName"] = null;
        text["memoryReference"] = null;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Round trip changed the definition:\n{actual.ToJsonString()}");
        Assert.Equal(170.421875, loaded.Data["root"]!["activities"]![0]!["metadata"]!["designer"]!["size"]!["width"]!.GetValue<double>());

        var workflow = builder.Build(loaded.Data);
        var runner = new WorkflowRunner(ExpressionEvaluatorRegistry.CreateDefault(), new ServiceCollection().BuildServiceProvider());
        var state = runner.CreateInstance(workflow, "i-1", new Dictionary<string, JsonNode?> { ["Region"] = "KZ" });
        var step = await runner.RunAsync(workflow, state, new Stimulus.Continue());

        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);
        Assert.Equal(41L, state.Variables["Count"]!.GetValue<long>());
        Assert.Contains(step.Log, l => l.EventName == "Info" && l.Message == "Hi KZ 41");
    }

    [Fact]
    public async Task SaveOverPublished_MakesANewDraftVersion_SaveOverDraft_UpdatesIt()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SqlMigrator.MigrateAsync(dataSource, typeof(DefinitionStore).Assembly);
        var store = new DefinitionStore(dataSource, TimeProvider.System);
        var model = (JsonObject)JsonNode.Parse(StudioDefinition)!;

        var v1 = await store.SaveAsync(model, publish: false, triggers: null);
        var v1Again = await store.SaveAsync(model, publish: false, triggers: null);
        await store.PublishAsync(v1.DefinitionId, v1.Id, []);
        var v2 = await store.SaveAsync(model, publish: false, triggers: null);

        Assert.Equal(v1.Id, v1Again.Id);
        Assert.Equal(2, v2.Version);
        Assert.True(v2.IsLatest);
        Assert.False(v2.IsPublished);
        var published = (await store.GetAsync("greeter", VersionSelector.Published))!;
        Assert.Equal(v1.Id, published.Id);
        Assert.False(published.IsLatest);
        Assert.Equal([1, 2], (await store.ListVersionsAsync("greeter")).Select(v => v.Version));
    }
}
