using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class HealthTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Health_WithoutCredentials_Is401Problem()
    {
        await using var world = await ApiHarness.StartAsync(postgres);

        using var response = await world.Anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/health");
        wrong.Headers.Authorization = ApiHarness.BasicAdmin("not-the-password");
        using var refused = await world.Anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Health_WithCredentials_IsTheDocumentedJson()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using (await world.Api.PostAsJsonAsync("/api/kaspi/orders/new", new { since = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() }))
        {
        }

        using var response = await world.Admin.GetAsync("/health");
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", json["status"]!.GetValue<string>());
        Assert.Equal("ok", json["database"]!.GetValue<string>());
        Assert.NotNull(json["checkedAt"]);
        Assert.True(json["lastKaspiPoll"]!["ageSeconds"]!.GetValue<double>() < 60);
        Assert.Equal("kaspi-poll", json["lastKaspiPoll"]!["name"]!.GetValue<string>());
        Assert.Equal(1, json["today"]!["kaspi_polls"]!.GetValue<long>());
        Assert.Equal("connected", json["amoCrm"]!["tokenState"]!.GetValue<string>());
        Assert.False(json["dryRun"]!.GetValue<bool>());
        Assert.NotNull(json["alerts"]);
        Assert.True(json.ContainsKey("lastError"));

        // The heartbeat of this process appears within the maintenance interval (1 s here).
        await Eventually.WaitUntilAsync(
            async () =>
            {
                var again = (await world.Admin.GetFromJsonAsync<JsonObject>("/health"))!;
                return again["heartbeat"] is JsonObject beat && beat["name"]!.GetValue<string>().StartsWith("api:", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(20),
            "the process heartbeat");
    }

    [Fact]
    public async Task OrchestratorChecks_NeedNoCredentials()
    {
        await using var world = await ApiHarness.StartAsync(postgres);

        Assert.Equal("Healthy", await world.Anonymous.GetStringAsync("/alive"));
        Assert.Equal("Healthy", await world.Anonymous.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task OpenApiDocument_IsServedToOperators()
    {
        await using var world = await ApiHarness.StartAsync(postgres);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await world.Anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        var document = (await world.Admin.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/kaspi/orders/sync", "/api/kaspi/orders/new", "/api/kaspi/reconcile", "/api/amocrm/leads/{id}", "/api/erp/tasks", "/api/erp/deals", "/api/alerts", "/health", "/ops/stats" })
        {
            Assert.True(paths.ContainsKey(path), path + " is missing from the OpenAPI document");
        }
    }
}
