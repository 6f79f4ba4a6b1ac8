using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>The workflow-definition endpoints, checked against shapes written from the contract (§4, §5, §9.3).</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiDefinitionTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>§4.2: a flowchart root with children, as the editor draws it.</summary>
    private const string RootShape = """
        {
          "id": "flowchart1",
          "nodeId": "Workflow1:flowchart1",
          "name": "Flowchart1",
          "type": "Elsa.Flowchart",
          "version": 1,
          "customProperties": {},
          "metadata": {},
          "activities": [
            { "id": "a3f09c2d7e14b6a1", "nodeId": "Workflow1:flowchart1:a3f09c2d7e14b6a1", "name": "SendInvoice1",
              "type": "Acme.SendInvoice", "version": 1, "metadata": {} }
          ],
          "connections": [
            { "source": { "activity": "start1", "port": "Done" }, "target": { "activity": "a3f09c2d7e14b6a1", "port": "In" }, "vertices": [] }
          ]
        }
        """;

    /// <summary>§5.5: the root of a workflow just created by the New workflow dialog, after the server answered.</summary>
    private const string NewRootShape = """
        { "id": "c0ffee0000000001", "nodeId": "Workflow1:c0ffee0000000001", "name": "Flowchart1", "type": "Elsa.Flowchart", "version": 1,
          "activities": [], "connections": [] }
        """;

    /// <summary>§4.1: the definition Studio's editor loads.</summary>
    private static readonly string s_workflowDefinitionShape = DefinitionShape(RootShape);

    /// <summary>§4.1: a workflow definition as the server returns it, around a root shape.</summary>
    private static string DefinitionShape(string root) => $$"""
        {
          "id": "orders-sync:v3",
          "definitionId": "orders-sync",
          "name": "Orders sync",
          "description": null,
          "createdAt": "2025-03-02T08:15:00.0000000+00:00",
          "version": 3,
          "toolVersion": "3.8.0.0",
          "isLatest": true,
          "isPublished": false,
          "isReadonly": false,
          "isSystem": false,
          "materializerName": "Json",
          "providerName": null,
          "materializerContext": null,
          "options": {
            "activationStrategyType": null,
            "usableAsActivity": false,
            "autoUpdateConsumingWorkflows": false,
            "activityCategory": null,
            "incidentStrategyType": null,
            "commitStrategyName": null
          },
          "variables": [
            { "id": "4f1c0a9e2b7d3c10", "name": "OrderCount", "typeName": "Int32", "isArray": false,
              "value": null, "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }
          ],
          "inputs": [],
          "outputs": [],
          "outcomes": [],
          "customProperties": {},
          "root": {{root}},
          "links": [ { "href": "/workflow-definitions/orders-sync/publish", "rel": "publish", "method": "POST" } ]
        }
        """;

    /// <summary>§5.1: one row of the definition list.</summary>
    private const string SummaryShape = """
        { "id": "orders-sync:v3", "definitionId": "orders-sync", "name": "Orders sync", "description": null,
          "version": 3, "toolVersion": null, "isLatest": true, "isPublished": false, "isReadonly": false, "isSystem": false,
          "createdAt": "2025-03-02T08:15:00+00:00", "materializerName": "Json", "providerName": null, "isMaterializerAvailable": true,
          "links": [ { "href": "/workflow-definitions/orders-sync/publish", "rel": "publish", "method": "POST" } ] }
        """;

    /// <summary>§5.5: what the New workflow dialog posts.</summary>
    private const string NewWorkflowRequest = """
        {
          "model": {
            "id": null, "definitionId": null, "name": "Workflow 1", "description": null, "toolVersion": "3.8.0.0", "version": 1,
            "createdAt": "0001-01-01T00:00:00+00:00", "isLatest": true, "isPublished": false, "isReadonly": false,
            "options": null, "variables": null, "inputs": null, "outputs": null, "outcomes": null, "customProperties": null,
            "root": { "id": "c0ffee0000000001", "type": "Elsa.Flowchart", "version": 1, "name": "Flowchart1" },
            "links": null
          },
          "publish": null
        }
        """;

    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ByDefinitionId_SavedWithoutNodeIds_MatchesContractWithPublishLinkAndNodeIdOnEveryActivity()
    {
        await _server.SaveAsync(Definitions.WithoutNodeIds(Definitions.OrdersSync()));

        var definition = await _server.GetJsonAsync("workflow-definitions/by-definition-id/orders-sync?versionOptions=Latest");

        JsonShape.AssertMatches(s_workflowDefinitionShape, definition);
        Assert.Contains(definition["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        var activities = Definitions.Activities(definition["root"]).ToList();
        Assert.Equal(6, activities.Count); // root, four children, the loop's body
        Assert.Equal("Workflow1:flowchart1", definition["root"]!["nodeId"]!.GetValue<string>());
        Assert.Equal("Workflow1:flowchart1:loop1:body1", activities.Single(a => a["id"]!.GetValue<string>() == "body1")["nodeId"]!.GetValue<string>());
        Assert.All(activities, a => Assert.False(string.IsNullOrEmpty(a["nodeId"]?.GetValue<string>())));
        Assert.Equal(activities.Count, activities.Select(a => a["nodeId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(170.421875, definition["root"]!["activities"]![0]!["metadata"]!["designer"]!["size"]!["width"]!.GetValue<double>());
    }

    [Fact]
    public async Task ByDefinitionId_Unknown_Returns404()
    {
        using var response = await _server.Client.GetAsync("workflow-definitions/by-definition-id/nope?versionOptions=Latest");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ById_OlderVersionIsReadOnlyWithoutLinks_LatestCarriesPublishLink()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);
        var draft = await _server.SaveAsync(Definitions.OrdersSync());

        var v1 = await _server.GetJsonAsync("workflow-definitions/by-id/orders-sync:v1");
        var v2 = await _server.GetJsonAsync($"workflow-definitions/by-id/{draft["id"]}");

        JsonShape.AssertMatches(s_workflowDefinitionShape, v2);
        Assert.Equal("orders-sync:v2", draft["id"]!.GetValue<string>());
        Assert.Contains(v2["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.False(v1["isLatest"]!.GetValue<bool>());
        Assert.True(v1["isPublished"]!.GetValue<bool>());
        Assert.Empty(v1["links"]!.AsArray());
    }

    [Fact]
    public async Task List_StudioListPage_MatchesPagedShapeWithBulkPublishLink()
    {
        await _server.SaveAsync(Definitions.OrdersSync());
        await _server.SaveAsync(Definitions.Waiting());

        var page = await _server.GetJsonAsync("workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending");

        JsonShape.AssertMembers(page, "items", "totalCount", "links");
        JsonShape.AssertMatches($$"""{ "items": [ {{SummaryShape}} ], "totalCount": 2, "links": [ { "href": "", "rel": "bulk-publish", "method": "POST" } ] }""", page);
        Assert.Equal(2, page["totalCount"]!.GetValue<int>());
        Assert.Equal("bulk-publish", page["links"]![0]!["rel"]!.GetValue<string>());
        Assert.Equal(["Orders sync", "Waiting"], page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.All(page["items"]!.AsArray(), i => Assert.Equal("publish", i!["links"]![0]!["rel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_EmptyDatabase_StillCarriesBulkPublishLink()
    {
        var page = await _server.GetJsonAsync("workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending");

        Assert.Empty(page["items"]!.AsArray());
        Assert.Equal(0, page["totalCount"]!.GetValue<int>());
        Assert.Equal("bulk-publish", page["links"]![0]!["rel"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_VersionOptions_FilterVersionsAsElsaDoes()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);
        await _server.SaveAsync(Definitions.OrdersSync()); // v2, a draft
        await _server.SaveAsync(Definitions.Waiting());

        static IEnumerable<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());

        var history = await _server.GetJsonAsync("workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds=orders-sync&OrderBy=Version&OrderDirection=Descending");
        Assert.Equal(["orders-sync:v2", "orders-sync:v1"], Ids(history));
        Assert.Equal(["orders-sync:v1"], Ids(await _server.GetJsonAsync("workflow-definitions?versionOptions=Published")));
        Assert.Equal(["orders-sync:v1", "orders-sync:v2", "waiting:v1"],
            Ids(await _server.GetJsonAsync("workflow-definitions?versionOptions=LatestOrPublished")).Order());
        Assert.Equal(["orders-sync:v1", "waiting:v1"],
            Ids(await _server.GetJsonAsync("workflow-definitions?versionOptions=&Ids=orders-sync:v1&Ids=waiting:v1")).Order());
        Assert.Equal(["orders-sync:v2"], Ids(await _server.GetJsonAsync("workflow-definitions?versionOptions=2")));
        Assert.Equal(["orders-sync:v2"], Ids(await _server.GetJsonAsync("workflow-definitions?versionOptions=Latest&SearchTerm=orders")));
        using var bad = await _server.Client.GetAsync("workflow-definitions?versionOptions=Sometimes");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Post_NewWorkflowDialog_Returns201WithNewIdLinksAndRootNodeId()
    {
        var response = await _server.PostJsonAsync("workflow-definitions", NewWorkflowRequest, HttpStatusCode.Created);

        JsonShape.AssertMatches("""{ "workflowDefinition": {}, "alreadyPublished": false, "consumingWorkflowCount": 0 }""", response);
        var definition = response["workflowDefinition"]!;
        JsonShape.AssertMatches(DefinitionShape(NewRootShape), definition);
        var definitionId = definition["definitionId"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{16}$", definitionId);
        Assert.Equal($"{definitionId}:v1", definition["id"]!.GetValue<string>());
        Assert.Equal("Workflow1:c0ffee0000000001", definition["root"]!["nodeId"]!.GetValue<string>());
        Assert.Contains(definition["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.Empty(definition["variables"]!.AsArray());
        Assert.False(definition["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Post_AutosaveOverPublishedLatest_MakesNewDraftVersionThenUpdatesItInPlace()
    {
        var published = await _server.SaveAsync(Definitions.OrdersSync(), publish: true);
        var model = (JsonObject)published.DeepClone();
        model["description"] = "first change";

        var first = await _server.SaveAsync(model);
        model = (JsonObject)first.DeepClone();
        model["description"] = "second change";
        var second = await _server.SaveAsync(model);

        Assert.Equal("orders-sync:v1", published["id"]!.GetValue<string>());
        Assert.Equal(("orders-sync:v2", 2, true, false), (first["id"]!.GetValue<string>(), first["version"]!.GetValue<int>(), first["isLatest"]!.GetValue<bool>(), first["isPublished"]!.GetValue<bool>()));
        Assert.Equal("orders-sync:v2", second["id"]!.GetValue<string>());
        Assert.Equal("second change", second["description"]!.GetValue<string>());
        Assert.Contains(second["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        var v1 = await _server.GetJsonAsync("workflow-definitions/by-id/orders-sync:v1");
        Assert.True(v1["isPublished"]!.GetValue<bool>());
        Assert.False(v1["isLatest"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Post_PublishTrue_PublishesThisVersionAndUnpublishesTheEarlierOne()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);

        var v2 = await _server.SaveAsync(Definitions.OrdersSync(), publish: true);

        Assert.Equal("orders-sync:v2", v2["id"]!.GetValue<string>());
        Assert.True(v2["isPublished"]!.GetValue<bool>());
        Assert.Contains(v2["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.False((await _server.GetJsonAsync("workflow-definitions/by-id/orders-sync:v1"))["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Post_UnknownActivityType_Returns400WithErrorsAndStoresNothing()
    {
        var model = Flow.Create("broken").Activity("x1", "Acme.DoesNotExist").Build();

        var response = await _server.PostJsonAsync(
            "workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = false }.ToJsonString(), HttpStatusCode.BadRequest);

        var errors = response["errors"]!["generalErrors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.Contains("Acme.DoesNotExist", StringComparison.Ordinal));
        using var lookup = await _server.Client.GetAsync("workflow-definitions/by-definition-id/broken");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Post_NotJson_Returns400WithErrors()
    {
        using var response = await _server.Client.PostAsync("workflow-definitions", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]);
    }

    [Fact]
    public async Task Post_Duplicate_KeepsTheGraphUnderANewDefinitionIdWithNodeIdsRecomputed()
    {
        var original = await _server.SaveAsync(Definitions.OrdersSync());
        var copy = (JsonObject)original.DeepClone();
        copy["id"] = null;
        copy["definitionId"] = null;
        copy["toolVersion"] = null;
        copy["isLatest"] = false;
        copy["name"] = "Orders sync (copy)";
        copy["root"]!["activities"]![0]!["nodeId"] = "Workflow1:stale:start1";

        var duplicate = await _server.SaveAsync(copy);

        Assert.NotEqual("orders-sync", duplicate["definitionId"]!.GetValue<string>());
        Assert.Equal(1, duplicate["version"]!.GetValue<int>());
        Assert.Equal("Workflow1:flowchart1:start1", duplicate["root"]!["activities"]![0]!["nodeId"]!.GetValue<string>());
        Assert.Equal(Definitions.Activities(original["root"]).Count(), Definitions.Activities(duplicate["root"]).Count());
    }

    [Fact]
    public async Task Publish_LatestDraft_AnswersSaveResponseThenAlreadyPublished()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        var first = await _server.PostJsonAsync("workflow-definitions/orders-sync/publish", "{}");
        var second = await _server.PostJsonAsync("workflow-definitions/orders-sync/publish", "{}");

        JsonShape.AssertMatches($$"""{ "workflowDefinition": {{s_workflowDefinitionShape}}, "alreadyPublished": false, "consumingWorkflowCount": 0 }""", first);
        Assert.False(first["alreadyPublished"]!.GetValue<bool>());
        Assert.True(first["workflowDefinition"]!["isPublished"]!.GetValue<bool>());
        Assert.True(second["alreadyPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Retract_NothingPublished_Returns400WithErrors()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        var response = await _server.PostJsonAsync("workflow-definitions/orders-sync/retract", "{}", HttpStatusCode.BadRequest);

        Assert.NotEmpty(response["errors"]!["generalErrors"]!.AsArray());
    }

    [Fact]
    public async Task Retract_Published_AnswersTheBareDefinitionNoLongerPublished()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);

        var response = await _server.PostJsonAsync("workflow-definitions/orders-sync/retract", "{}");

        JsonShape.AssertMatches(s_workflowDefinitionShape, response);
        Assert.False(response["isPublished"]!.GetValue<bool>());
        Assert.Empty((await _server.GetJsonAsync("workflow-definitions?versionOptions=Published"))["items"]!.AsArray());
    }

    [Fact]
    public async Task IsNameUnique_TakenName_IsFalseExceptForTheDefinitionItself()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        var taken = await _server.GetJsonAsync("workflow-definitions/validation/is-name-unique?name=Orders%20sync");
        var self = await _server.GetJsonAsync("workflow-definitions/validation/is-name-unique?name=Orders%20sync&definitionId=orders-sync");
        var free = await _server.GetJsonAsync("workflow-definitions/validation/is-name-unique?name=Workflow%201");

        JsonShape.AssertMembers(taken, "isUnique");
        Assert.False(taken["isUnique"]!.GetValue<bool>());
        Assert.True(self["isUnique"]!.GetValue<bool>());
        Assert.True(free["isUnique"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Execute_LatestDraft_StartsItAndAnswersTheInstanceIdHeader()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        using var response = await _server.Client.PostAsync("workflow-definitions/orders-sync/execute",
            new StringContent("""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":null}""", Encoding.UTF8, "application/json"));

        Assert.True(response.IsSuccessStatusCode);
        var instanceId = Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        await _server.WaitForAsync(instanceId, "Finished");
        Assert.Equal("orders-sync:v1", (await _server.GetJsonAsync($"workflow-instances/{instanceId}"))["definitionVersionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_SingletonAlreadyRunning_AnswersCannotStartHeader()
    {
        await _server.SaveAsync(Definitions.Waiting(singleton: true));
        var first = await _server.ExecuteAsync("waiting");
        await _server.WaitForAsync(first, "Suspended");

        using var response = await _server.Client.PostAsync("workflow-definitions/waiting/execute",
            new StringContent("""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":null}""", Encoding.UTF8, "application/json"));

        Assert.Equal("true", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        Assert.False(response.Headers.Contains("x-elsa-workflow-instance-id"));
    }

    [Fact]
    public async Task Delete_Definition_RemovesEveryVersion()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);
        await _server.SaveAsync(Definitions.OrdersSync());

        using var deleted = await _server.Client.DeleteAsync("workflow-definitions/orders-sync");
        using var again = await _server.Client.DeleteAsync("workflow-definitions/orders-sync");

        Assert.True(deleted.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await _server.GetJsonAsync("workflow-definitions?versionOptions=AllVersions"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ExportThenImport_FileRoundTripsAsANewVersion()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);

        using var export = await _server.Client.GetAsync("workflow-definitions/orders-sync/export?versionOptions=Latest&includeConsumingWorkflows=False");
        var file = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsObject();
        file["name"] = "Orders sync (imported)";
        var imported = await _server.PostJsonAsync("workflow-definitions/import", file.ToJsonString());

        Assert.Equal("application/json", export.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".json", export.Content.Headers.ContentDisposition!.FileNameStar ?? export.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        Assert.StartsWith("https://elsaworkflows.io/schemas/workflow-definition", file["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(["definitionId", "id", "root", "name"], member => Assert.True(file.ContainsKey(member)));
        JsonShape.AssertMatches(s_workflowDefinitionShape, imported);
        Assert.Equal("orders-sync:v2", imported["id"]!.GetValue<string>());
        Assert.Equal("Orders sync (imported)", imported["name"]!.GetValue<string>());
        Assert.Equal(
            Definitions.Activities(file["root"]).Select(a => a["nodeId"]!.GetValue<string>()),
            Definitions.Activities(imported["root"]).Select(a => a["nodeId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Revert_OlderVersion_BecomesTheLatestDraft()
    {
        var v1 = await _server.SaveAsync(Definitions.OrdersSync(), publish: true);
        var changed = (JsonObject)v1.DeepClone();
        changed["description"] = "changed in v2";
        await _server.SaveAsync(changed, publish: true);

        var summary = await _server.PostJsonAsync("workflow-definitions/orders-sync/revert/1", "");

        JsonShape.AssertMatches(SummaryShape, summary);
        Assert.Equal("orders-sync:v3", summary["id"]!.GetValue<string>());
        var v3 = await _server.GetJsonAsync("workflow-definitions/by-id/orders-sync:v3");
        Assert.Null(v3["description"]);
        Assert.True(v3["isLatest"]!.GetValue<bool>());
        Assert.False(v3["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteVersion_Latest_MakesThePreviousVersionLatest()
    {
        await _server.SaveAsync(Definitions.OrdersSync(), publish: true);
        await _server.SaveAsync(Definitions.OrdersSync());

        using var deleted = await _server.Client.DeleteAsync("workflow-definition-versions/orders-sync:v2");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var latest = await _server.GetJsonAsync("workflow-definitions/by-definition-id/orders-sync?versionOptions=Latest");
        Assert.Equal("orders-sync:v1", latest["id"]!.GetValue<string>());
        Assert.Contains(latest["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
    }

    [Fact]
    public async Task Subgraph_LoopNode_AnswersTheNodeAndSegmentsLeadFromTheBodyToTheLoop()
    {
        await _server.SaveAsync(Definitions.OrdersSync());

        var node = await _server.GetJsonAsync("workflow-definitions/subgraph/orders-sync:v1?parentNodeId=Workflow1%3Aflowchart1%3Aloop1");
        var segments = await _server.GetJsonAsync("workflow-definitions/subgraph/segments/orders-sync:v1?childNodeId=Workflow1%3Aflowchart1%3Aloop1%3Abody1");

        JsonShape.AssertMatches("""{"activity":{"id":"loop1","type":"Elsa.ForEach","version":1},"port":null,"nodeId":"n","parents":[],"children":[]}""", node);
        Assert.Equal("Workflow1:flowchart1:loop1", node["nodeId"]!.GetValue<string>());
        Assert.Equal("Workflow1:flowchart1:loop1:body1", node["activity"]!["body"]!["nodeId"]!.GetValue<string>());
        JsonShape.AssertMatches("""
            {"childNode":{"activity":{},"nodeId":"n"},"container":{"activity":{},"nodeId":"n"},
             "pathSegments":[{"activityNodeId":"n","activityId":"a","activityType":"t","portName":"p"}]}
            """, segments);
        Assert.Equal("Workflow1:flowchart1:loop1", segments["container"]!["nodeId"]!.GetValue<string>());
        var segment = Assert.Single(segments["pathSegments"]!.AsArray())!;
        Assert.Equal(("loop1", "Elsa.ForEach"), (segment["activityId"]!.GetValue<string>(), segment["activityType"]!.GetValue<string>()));
        Assert.Equal("Body", segments["childNode"]!["port"]!.GetValue<string>());
    }

    [Fact]
    public async Task BulkActions_PublishRetractDeleteAndExport_AnswerContractShapes()
    {
        await _server.SaveAsync(Definitions.OrdersSync());
        await _server.SaveAsync(Definitions.Waiting(), publish: true);

        var published = await _server.PostJsonAsync("bulk-actions/publish/workflow-definitions/by-definition-ids", """{"definitionIds":["orders-sync","waiting","nope"]}""");
        var retracted = await _server.PostJsonAsync("bulk-actions/retract/workflow-definitions/by-definition-ids", """{"definitionIds":["orders-sync","nope"]}""");
        using var zip = await _server.Client.PostAsJsonAsync("bulk-actions/export/workflow-definitions", new { ids = new[] { "orders-sync:v1", "waiting:v1" }, includeConsumingWorkflows = false });
        var deleted = await _server.PostJsonAsync("bulk-actions/delete/workflow-definitions/by-definition-id", """{"definitionIds":["orders-sync","waiting"]}""");

        JsonShape.AssertMatches("""{"published":[""],"alreadyPublished":[""],"notFound":[""],"updatedConsumers":[]}""", published);
        Assert.Equal(["orders-sync"], published["published"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["waiting"], published["alreadyPublished"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["nope"], published["notFound"]!.AsArray().Select(n => n!.GetValue<string>()));
        JsonShape.AssertMatches("""{"retracted":[""],"alreadyRetracted":[""],"notFound":[""]}""", retracted);
        Assert.Equal(["orders-sync"], retracted["retracted"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Equal(2, archive.Entries.Count);
        JsonShape.AssertMembers(deleted, "deleted");
        Assert.Equal(2, deleted["deleted"]!.GetValue<int>());
    }
}
