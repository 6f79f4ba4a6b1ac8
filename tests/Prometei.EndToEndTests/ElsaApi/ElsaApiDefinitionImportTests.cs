using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// <c>POST /workflow-definitions/import</c> with files as Elsa 3.0–3.6 users wrote them: never a 5xx, a 400 naming the
/// activity and the property, a byte order mark, flat connections, and unknown activity types kept as placeholders.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiDefinitionImportTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Import_FileWithByteOrderMark_IsAccepted()
    {
        var file = Flow.Create("bom").Activity("w1", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("hi") }).Build();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(file.ToJsonString())).ToArray();

        using var response = await _server.Client.PostAsync("workflow-definitions/import", new ByteArrayContent(bytes));

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"activity": 5}""", "connections[0].source.activity")]
    [InlineData("""7""", "connections[0].source")]
    public async Task Import_ConnectionOfAnotherShape_Returns400NamingIt(string source, string expected)
    {
        var file = Flow.Create("bad-connection").Activity("a", "Elsa.WriteLine").Activity("b", "Elsa.WriteLine").Connect("a", "b").Build();
        file["root"]!["connections"]![0]!["source"] = JsonNode.Parse(source);

        var errors = await ImportExpecting400Async(file);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal) && e.Contains("flowchart1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("id", "12", "'id' must be a string")]
    [InlineData("version", "\"one\"", "Activity 'w1': 'version' must be a number")]
    [InlineData("text", "{\"expression\": \"hi\"}", "Activity 'w1': input 'text': 'expression' must be an object")]
    [InlineData("text", "{\"expression\": {\"type\": 3, \"value\": \"x\"}}", "Activity 'w1': input 'text': 'expression.type' must be a string")]
    [InlineData("customProperties", "[]", "Activity 'w1': 'customProperties' must be an object")]
    [InlineData("text", "{\"typeName\": \"String\", \"memoryReference\": 4, \"expression\": null}", "'memoryReference' must be an object")]
    public async Task Import_ActivityMemberOfAnotherKind_Returns400NamingActivityAndProperty(string member, string json, string expected)
    {
        var file = Flow.Create("bad-kind").Activity("w1", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("hi") }).Build();
        file["root"]!["activities"]![0]![member] = JsonNode.Parse(json);

        var errors = await ImportExpecting400Async(file);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("variables", "{}")]
    [InlineData("variables", "[{\"name\": 3}]")]
    [InlineData("options", "[]")]
    [InlineData("name", "{\"a\": 1}")]
    [InlineData("root", "\"Elsa.Flowchart\"")]
    public async Task Import_DefinitionMemberOfAnotherKind_Returns400NamingIt(string member, string json)
    {
        var file = Flow.Create("bad-definition").Build();
        file[member] = JsonNode.Parse(json);

        var errors = await ImportExpecting400Async(file);

        Assert.Contains(errors, e => e.Contains($"'{member}'", StringComparison.Ordinal) || e.Contains("variable 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_FlatConnectionsOfElsa30_AreStoredInTheNestedShape()
    {
        var file = Flow.Create("flat").Activity("a", "Elsa.WriteLine").Activity("b", "Elsa.WriteLine").Build();
        file["root"]!["connections"] = JsonNode.Parse("""[{"source": "a", "target": "b", "sourcePort": "Done", "targetPort": "In"}]""");

        var imported = await _server.PostJsonAsync("workflow-definitions/import", file.ToJsonString(), HttpStatusCode.Created);

        var connection = imported["root"]!["connections"]![0]!;
        Assert.Equal("a", connection["source"]!["activity"]!.GetValue<string>());
        Assert.Equal("Done", connection["source"]!["port"]!.GetValue<string>());
        Assert.Equal("b", connection["target"]!["activity"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_UnknownTypes_OpensAsDraftWithPlaceholdersAndPublishNamesEveryOne()
    {
        var file = Flow.Create("unknown-types")
            .Activity("a", "Acme.SendInvoice", new() { ["amount"] = Flow.Literal("5") })
            .Activity("b", "Elsa.WriteLine")
            .Activity("c", "Acme.Archive")
            .Chain("a", "b", "c")
            .Build();

        var imported = await _server.PostJsonAsync("workflow-definitions/import", file.ToJsonString(), HttpStatusCode.Created);
        var descriptors = await _server.GetJsonAsync("descriptors/activities");
        using var publish = await _server.Client.PostAsync("workflow-definitions/unknown-types/publish", null);
        var publishErrors = JsonNode.Parse(await publish.Content.ReadAsStringAsync())!["errors"]!["generalErrors"]!.AsArray()
            .Select(e => e!.GetValue<string>()).ToList();
        // The Studio autosaves the draft it opened: the placeholders come back and are accepted.
        var resaved = await _server.SaveAsync(imported.AsObject());

        var activities = imported["root"]!["activities"]!.AsArray();
        var placeholder = activities.Single(a => a!["id"]!.GetValue<string>() == "a")!;
        Assert.Equal("Elsa.NotFoundActivity", placeholder["type"]!.GetValue<string>());
        Assert.Equal("Acme.SendInvoice", placeholder["missingTypeName"]!.GetValue<string>());
        Assert.Equal("Acme.SendInvoice", JsonNode.Parse(placeholder["originalActivityJson"]!.GetValue<string>())!["type"]!.GetValue<string>());
        Assert.Equal("Elsa.WriteLine", activities.Single(a => a!["id"]!.GetValue<string>() == "b")!["type"]!.GetValue<string>());
        Assert.Equal(2, imported["root"]!["connections"]!.AsArray().Count);
        Assert.False(imported["isPublished"]!.GetValue<bool>());
        Assert.Contains(descriptors["items"]!.AsArray(), d => d!["typeName"]!.GetValue<string>() == "Elsa.NotFoundActivity");
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains(publishErrors, e => e.Contains("'a'", StringComparison.Ordinal) && e.Contains("Acme.SendInvoice", StringComparison.Ordinal));
        Assert.Contains(publishErrors, e => e.Contains("'c'", StringComparison.Ordinal) && e.Contains("Acme.Archive", StringComparison.Ordinal));
        Assert.Equal("Elsa.NotFoundActivity", resaved["root"]!["activities"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_UnknownTypesWithPublish_Returns400NamingEveryOneAndStoresNothing()
    {
        var file = Flow.Create("unknown-published").Activity("a", "Acme.One").Activity("b", "Acme.Two").Build();
        file["publish"] = true;

        var errors = await ImportExpecting400Async(file);

        Assert.Contains(errors, e => e.Contains("Acme.One", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Acme.Two", StringComparison.Ordinal));
        using var lookup = await _server.Client.GetAsync("workflow-definitions/by-definition-id/unknown-published");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Import_DeeplyNestedOrHugeInput_Returns400()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append('1').Append('}', 200);

        using var response = await _server.Client.PostAsync("workflow-definitions/import", new StringContent(deep.ToString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<List<string>> ImportExpecting400Async(JsonObject file)
    {
        var response = await _server.PostJsonAsync("workflow-definitions/import", file.ToJsonString(), HttpStatusCode.BadRequest);
        return response["errors"]!["generalErrors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
    }
}
