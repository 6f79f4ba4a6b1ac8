using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Prometei.Testing;
using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>Descriptor and catalog endpoints (§3), with the traps of §9.3 that crash Studio.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiDescriptorTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>§3.1: an activity descriptor.</summary>
    private const string ActivityDescriptorShape = """
        {
          "typeName": "Acme.SendInvoice", "namespace": "Acme", "name": "SendInvoice", "version": 1, "category": "Billing",
          "displayName": "Send invoice", "description": "Sends an invoice to the customer.", "kind": "Action",
          "isContainer": false, "isBrowsable": true, "isStart": false, "isTerminal": false,
          "customProperties": {}, "constructionProperties": {},
          "ports": [ { "name": "Sent", "displayName": "Sent", "type": "Flow", "isBrowsable": true } ],
          "inputs": [
            { "name": "CustomerId", "typeName": "String", "displayName": "Customer", "description": "Customer to bill.", "order": 0,
              "category": null, "isBrowsable": true, "isSynthetic": false, "isWrapped": true, "uiHint": "singleline",
              "defaultValue": null, "defaultSyntax": "Literal", "isReadOnly": false, "isSensitive": false,
              "storageDriverType": null, "uiSpecifications": null }
          ],
          "outputs": [
            { "name": "InvoiceNumber", "typeName": "String", "displayName": "Invoice number",
              "description": "Number of the created invoice.", "order": 0, "isBrowsable": true, "isSynthetic": false }
          ]
        }
        """;

    private ElsaApiServer _server = default!;

    public async Task InitializeAsync()
    {
        _server = await ElsaApiServer.StartAsync(postgres.Server);
        _server.App.Services.GetRequiredService<ActivityRegistry>().Register(typeof(ScriptActivity));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Activities_EveryDescriptor_MatchesContractWithUniqueTypeAndVersion()
    {
        var response = await _server.GetJsonAsync("descriptors/activities?Refresh=True");

        JsonShape.AssertMembers(response, "items", "count");
        JsonShape.AssertMatches($$"""{ "items": [ {{ActivityDescriptorShape}} ], "count": 1 }""", response);
        var items = response["items"]!.AsArray();
        Assert.Equal(items.Count, response["count"]!.GetValue<int>());
        Assert.Equal(items.Count, items.Select(i => (i!["typeName"]!.GetValue<string>(), i["version"]!.GetValue<int>())).Distinct().Count());
        Assert.All(items, i => Assert.Contains(i!["kind"]!.GetValue<string>(), (string[])["Action", "Trigger", "Job", "Task"]));
        Assert.All(items.SelectMany(i => i!["ports"]!.AsArray()), p => Assert.Contains(p!["type"]!.GetValue<string>(), (string[])["Flow", "Embedded"]));
        foreach (var type in (string[])["Elsa.Flowchart", "Elsa.Start", "Elsa.WriteLine", "Elsa.HttpEndpoint", "Elsa.SendHttpRequest", "Elsa.ForEach"])
        {
            Assert.Contains(items, i => i!["typeName"]!.GetValue<string>() == type);
        }

        Assert.Equal("Embedded", items.Single(i => i!["typeName"]!.GetValue<string>() == "Elsa.ForEach")!["ports"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "Body")!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Activities_Inputs_AreBrowsableWithUiSpecificationsAsRawJson()
    {
        var items = (await _server.GetJsonAsync("descriptors/activities?Refresh=True"))["items"]!.AsArray();
        JsonNode Input(string type, string name) =>
            items.Single(i => i!["typeName"]!.GetValue<string>() == type)!["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == name)!;

        Assert.All(items.SelectMany(i => i!["inputs"]!.AsArray()), input => Assert.Equal(JsonValueKind.True, input!["isBrowsable"]!.GetValueKind()));
        JsonShape.AssertMatches("""{ "dropdown": { "selectList": { "items": [ { "text": "Red", "value": "red" } ], "isFlagsEnum": false } } }""",
            Input("Elsa.SendHttpRequest", "Method")["uiSpecifications"]);
        Assert.Contains(Input("Elsa.SendHttpRequest", "Method")["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray(),
            i => i!["value"]!.GetValue<string>() == "POST");
        JsonShape.AssertMatches("""{ "checklist": { "checkList": { "items": [ { "text": "GET", "value": "GET", "isChecked": true } ], "isFlagsEnum": false } } }""",
            Input("Elsa.HttpEndpoint", "SupportedMethods")["uiSpecifications"]);
        var codeEditor = Input("Tests.Script", "Script")["uiSpecifications"]!["code-editor"]!;
        JsonShape.AssertMatches("""{ "language": "csharp", "editorHeight": 1, "singleLineMode": false }""", codeEditor);
        Assert.Equal(JsonValueKind.Number, codeEditor["editorHeight"]!.GetValueKind());
        Assert.Equal("csharp", codeEditor["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpressionDescriptors_IncludeCSharpWithStringProperties()
    {
        var response = await _server.GetJsonAsync("descriptors/expression-descriptors");

        JsonShape.AssertMembers(response, "items", "count");
        JsonShape.AssertMatches("""
            { "items": [ { "type": "Literal", "displayName": "Literal", "isSerializable": true, "isBrowsable": true, "properties": {} } ], "count": 6 }
            """, response);
        var items = response["items"]!.AsArray();
        Assert.Equal(["Literal", "Object", "Variable", "JavaScript", "Liquid", "CSharp"], items.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal("javascript", items.Single(i => i!["type"]!.GetValue<string>() == "JavaScript")!["properties"]!["MonacoLanguage"]!.GetValue<string>());
        Assert.Contains(items, i => i!["type"]!.GetValue<string>() is not ("Literal" or "Object" or "Variable" or "Input"));
        Assert.All(items.SelectMany(i => i!["properties"]!.AsObject()), p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
        Assert.Equal("csharp", items.Single(i => i!["type"]!.GetValue<string>() == "CSharp")!["properties"]!["MonacoLanguage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("descriptors/workflow-activation-strategies", """{ "typeName": "…", "displayName": "Always", "description": "…" }""")]
    [InlineData("descriptors/log-persistence-strategies", """{ "typeName": "…", "displayName": "Inherit", "description": "…" }""")]
    [InlineData("descriptors/incident-strategies", """{ "typeName": "…", "displayName": "Fault", "description": "…" }""")]
    [InlineData("descriptors/commit-strategies/workflows", """{ "name": "WorkflowExecuted", "displayName": "…", "description": "…" }""")]
    [InlineData("descriptors/commit-strategies/activities", """{ "name": "WorkflowExecuted", "displayName": "…", "description": "…" }""")]
    [InlineData("features/installed", """{ "name": "Resilience", "namespace": "Elsa", "fullName": "Elsa.Resilience", "displayName": "…", "description": "" }""")]
    public async Task StrategyAndFeatureLists_Answer200AsListResponse(string path, string itemShape)
    {
        var response = await _server.GetJsonAsync(path);

        JsonShape.AssertMembers(response, "items", "count");
        JsonShape.AssertMatches($$"""{ "items": [ {{itemShape}} ], "count": 0 }""", response);
        Assert.Equal(response["items"]!.AsArray().Count, response["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task StrategyLists_OfferOnlyWhatTheEngineRecognises()
    {
        var activation = (await _server.GetJsonAsync("descriptors/workflow-activation-strategies"))["items"]!.AsArray();
        var incidents = (await _server.GetJsonAsync("descriptors/incident-strategies"))["items"]!.AsArray();

        Assert.Equal(["Always", "Singleton"], activation.Select(a => a!["displayName"]!.GetValue<string>()));
        Assert.Contains("Singleton", activation[1]!["typeName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Singleton", activation[0]!["typeName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["Fault", "Continue"], incidents.Select(a => a!["displayName"]!.GetValue<string>()));
        Assert.Contains("Continue", incidents[1]!["typeName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Continue", incidents[0]!["typeName"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageDriversAndVariableTypes_AreItemsOnlyWithUniqueTypeNames()
    {
        var drivers = await _server.GetJsonAsync("descriptors/storage-drivers");
        var variables = await _server.GetJsonAsync("descriptors/variables");
        var converters = await _server.GetJsonAsync("descriptors/output-converters?sourceType=String&destinationType=Object");

        JsonShape.AssertMembers(drivers, "items");
        JsonShape.AssertMatches("""{ "items": [ { "typeName": "…", "displayName": "Workflow Instance", "priority": 0, "deprecated": false } ] }""", drivers);
        Assert.Equal("Workflow Instance", Assert.Single(drivers["items"]!.AsArray())!["displayName"]!.GetValue<string>());
        JsonShape.AssertMembers(variables, "items");
        JsonShape.AssertMatches("""{ "items": [ { "typeName": "String", "displayName": "String", "category": "Primitives", "description": null } ] }""", variables);
        var typeNames = variables["items"]!.AsArray().Select(v => v!["typeName"]!.GetValue<string>()).ToList();
        Assert.Equal(typeNames.Count, typeNames.Distinct().Count());
        Assert.Contains("Int32", typeNames);
        JsonShape.AssertMembers(converters, "items");
        Assert.Empty(converters["items"]!.AsArray());
    }

    [Fact]
    public async Task ActivityOptions_AnswersAnItemsDictionary()
    {
        var response = await _server.PostJsonAsync("descriptors/activities/Elsa.SendHttpRequest/options/Method", """{"context":{"method":"GET"}}""");

        JsonShape.AssertMembers(response, "items");
        Assert.IsType<JsonObject>(response["items"]);
    }
}
