using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// <c>POST /scripting/javascript/type-definitions/{definitionId}</c>, what the Studio's Monaco editor loads when an input is
/// switched to JavaScript (contract §5.16; Elsa.Expressions.JavaScript/Endpoints/TypeDefinitions): a TypeScript declaration
/// file of the globals and of the definition's variables.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ScriptingTypeDefinitionsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TypeDefinitions_DeclareTheGlobalsAndEachVariable()
    {
        await _server.SaveAsync(JsonNode.Parse("""
            {
              "definitionId": "typed", "name": "typed", "version": 1,
              "variables": [
                { "id": "v1", "name": "Counter", "typeName": "Int32", "isArray": false, "value": "0" },
                { "id": "v2", "name": "Names", "typeName": "String", "isArray": true },
                { "id": "v3", "name": "not valid", "typeName": "String", "isArray": false }
              ],
              "root": { "id": "flow", "type": "Elsa.Flowchart", "version": 1, "activities": [], "connections": [] }
            }
            """)!.AsObject());

        using var response = await _server.Client.PostAsync("scripting/javascript/type-definitions/typed",
            new StringContent("""{"workflowDefinitionId":"typed","activityTypeName":"Elsa.WriteLine","propertyName":"Text"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-typescript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("elsa.typed.d.ts", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("declare function getVariable(name: string): any;", text, StringComparison.Ordinal);
        Assert.Contains("declare var input: { [name: string]: any };", text, StringComparison.Ordinal);
        Assert.Contains("Counter: number;", text, StringComparison.Ordinal);
        Assert.Contains("Names: string[];", text, StringComparison.Ordinal);
        Assert.Contains("declare function getCounter(): number;", text, StringComparison.Ordinal);
        Assert.Contains("declare function setNames(value: string[]): void;", text, StringComparison.Ordinal);
        Assert.Contains("declare var variables: WorkflowVariables;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypeDefinitions_DeclareAGetterPerWorkflowInput_AndPerOutputOfEachNamedActivity()
    {
        await _server.SaveAsync(JsonNode.Parse("""
            {
              "definitionId": "accessors", "name": "accessors", "version": 1,
              "inputs": [
                { "name": "Region", "type": "String", "isArray": false },
                { "name": "Counts", "type": "Int32", "isArray": true },
                { "name": "not valid", "type": "String" }
              ],
              "root": { "id": "flow", "type": "Elsa.Flowchart", "version": 1, "connections": [], "activities": [
                { "id": "js1", "name": "compute_total", "type": "Elsa.RunJavaScript", "version": 1 },
                { "id": "js2", "type": "Elsa.RunJavaScript", "version": 1 },
                { "id": "each", "name": "EachItem", "type": "Elsa.ForEach", "version": 1,
                  "body": { "id": "inner", "name": "Inner", "type": "Elsa.RunJavaScript", "version": 1 } }
              ] }
            }
            """)!.AsObject());

        using var response = await _server.Client.PostAsync("scripting/javascript/type-definitions/accessors",
            new StringContent("""{"workflowDefinitionId":"accessors","activityTypeName":"Elsa.WriteLine","propertyName":"Text"}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("declare function getRegion(): string;", text, StringComparison.Ordinal);
        Assert.Contains("declare function getCounts(): number[];", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid", text, StringComparison.Ordinal);
        // Humanizer's Pascalize of the activity's name, as Elsa's accessors and ours are named; nested activities too.
        Assert.Contains("declare function getResultFromComputeTotal(): any;", text, StringComparison.Ordinal);
        Assert.Contains("declare function getResultFromInner(): any;", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("declare function getResultFrom", StringComparison.Ordinal))); // the unnamed one has none
    }

    [Fact]
    public async Task TypeDefinitions_OfAnUnknownDefinition_Are400AsElsaAnswers()
    {
        using var response = await _server.Client.PostAsync("scripting/javascript/type-definitions/nope", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Workflow definition nope not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
