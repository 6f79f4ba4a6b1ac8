using System.Net;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// <c>Workflows:Expressions:CSharp=false</c>, as in Production by default: the Studio is not offered C#, and a definition
/// that uses it is saved as a draft but refused at publish, naming the activity and the input.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiExpressionTrustTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() =>
        _server = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?> { ["Workflows:Expressions:CSharp"] = "false" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ExpressionDescriptors_CSharpOff_OfferOnlySandboxedLanguages()
    {
        var items = (await _server.GetJsonAsync("descriptors/expression-descriptors"))["items"]!.AsArray();

        Assert.Equal(["Literal", "Object", "Variable", "JavaScript", "Liquid"], items.Select(i => i!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Publish_CSharpOff_RefusesNamingTheActivityAndInput()
    {
        var model = Flow.Create("uses-csharp").Activity("say", "Elsa.WriteLine", new() { ["text"] = Flow.CSharp("\"hi\"") }).Build();
        await _server.SaveAsync(model);

        var viaSave = await _server.PostJsonAsync(
            "workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString(), HttpStatusCode.BadRequest);
        using var viaPublish = await _server.Client.PostAsync("workflow-definitions/uses-csharp/publish", null);

        var error = Assert.Single(viaSave["errors"]!["generalErrors"]!.AsArray())!.GetValue<string>();
        Assert.Contains("Activity 'say'", error, StringComparison.Ordinal);
        Assert.Contains("'text'", error, StringComparison.Ordinal);
        Assert.Contains("Workflows:Expressions:CSharp", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, viaPublish.StatusCode);
        var publishError = JsonNode.Parse(await viaPublish.Content.ReadAsStringAsync())!["errors"]!["generalErrors"]![0]!.GetValue<string>();
        Assert.Contains("Activity 'say'", publishError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_JavaScript_IsAccepted()
    {
        var model = Flow.Create("uses-js").Activity("say", "Elsa.WriteLine", new()
        {
            ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "'hi'" } },
        }).Build();

        var saved = await _server.SaveAsync(model, publish: true);

        Assert.True(saved["isPublished"]!.GetValue<bool>());
    }
}
