using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>A workflow server in the test process, on a database of its own, with clients for <c>/elsa/api</c>.</summary>
public sealed class ElsaApiServer : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-0123456789abcdef";

    private ElsaApiServer(WorkflowServerHarness harness, WebApplicationFactory<Program> app)
    {
        Harness = harness;
        App = app;
        Client = CreateClient(new AuthenticationHeaderValue("ApiKey", ApiKey));
    }

    public WorkflowServerHarness Harness { get; }

    public WebApplicationFactory<Program> App { get; }

    /// <summary>A client sending <c>Authorization: ApiKey …</c>, based at <c>/elsa/api/</c> (use relative paths).</summary>
    public HttpClient Client { get; }

    public static async Task<ElsaApiServer> StartAsync(PostgresServer server, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = await WorkflowServerHarness.CreateAsync(server);
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", harness.ConnectionString);
            builder.UseSetting("Workflows:DefinitionsPath", harness.DefinitionsFolder);
            builder.UseSetting("Workflows:PollInterval", "00:00:00.200");
            builder.UseSetting("Workflows:NodeId", "elsa-api-tests");
            builder.UseSetting("Elsa:ApiKeys:0", ApiKey);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
        });
        var result = new ElsaApiServer(harness, app);
        (await result.Client.GetAsync("features/installed")).EnsureSuccessStatusCode(); // starts the host and migrates
        return result;
    }

    public HttpClient CreateClient(AuthenticationHeaderValue? authorization)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/elsa/api/") });
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    /// <summary>GETs <paramref name="path"/>, expects 200, returns the JSON.</summary>
    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>POSTs JSON text to <paramref name="path"/>, expects <paramref name="expected"/>, returns the JSON.</summary>
    public async Task<JsonNode> PostJsonAsync(string path, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Saves a definition as Studio does (<c>{"model": …, "publish": …}</c>) and returns the stored <c>workflowDefinition</c>.</summary>
    public async Task<JsonObject> SaveAsync(JsonObject model, bool publish = false)
    {
        using var response = await Client.PostAsJsonAsync("workflow-definitions", new JsonObject { ["model"] = model.DeepClone(), ["publish"] = publish });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST workflow-definitions: {(int)response.StatusCode} {text}");
        return (JsonObject)JsonNode.Parse(text)!["workflowDefinition"]!;
    }

    /// <summary>Runs the latest version of a definition (Studio's Run) and returns the new instance's id from the header.</summary>
    public async Task<string> ExecuteAsync(string definitionId, string? input = null)
    {
        using var response = await Client.PostAsync(
            $"workflow-definitions/{definitionId}/execute",
            new StringContent($$"""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":{{input ?? "null"}}}""", Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"execute {definitionId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
    }

    /// <summary>Saves and publishes <paramref name="definition"/> once, runs it, waits for <paramref name="subStatus"/>; returns the instance's id.</summary>
    public async Task<string> RunAsync(JsonObject definition, string subStatus, string? input = null)
    {
        var definitionId = definition["definitionId"]!.GetValue<string>();
        if ((await Client.GetAsync($"workflow-definitions/by-definition-id/{definitionId}")).StatusCode == HttpStatusCode.NotFound)
        {
            await SaveAsync(definition, publish: true);
        }

        var id = await ExecuteAsync(definitionId, input);
        await WaitForAsync(id, subStatus);
        return id;
    }

    /// <summary>Polls the execution state until the instance's sub-status is <paramref name="subStatus"/>.</summary>
    public Task WaitForAsync(string instanceId, string subStatus) =>
        WorkflowServerHarness.WaitUntilAsync(
            async () => (await GetJsonAsync($"workflow-instances/{instanceId}/execution-state"))["workflowSubStatus"]?.GetValue<string>() == subStatus,
            TimeSpan.FromSeconds(30),
            $"instance {instanceId} to be {subStatus}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Harness.DisposeAsync();
    }
}
