using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometei.Testing;
using Prometei.Workflows.Api.Authentication;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>Who may call <c>/elsa/api</c> (API key or bearer token, nothing else) and CORS (§1.1, §1.6).</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed partial class ElsaApiAuthenticationTests(PostgresFixture postgres)
{
    private const string Origin = "https://studio.example.test";

    [Fact]
    public async Task EveryEndpoint_NoCredentials_Returns401()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server);
        using var client = server.CreateClient(authorization: null);

        await AssertEveryEndpointAsync(server, client, status => status == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EveryEndpoint_WrongApiKeyOrUnknownScheme_Returns401()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server);
        using var wrongKey = server.CreateClient(new AuthenticationHeaderValue("ApiKey", ElsaApiServer.ApiKey + "x"));
        using var wrongToken = server.CreateClient(new AuthenticationHeaderValue("Bearer", "not-a-token"));
        using var basic = server.CreateClient(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + ElsaApiServer.ApiKey))));

        await AssertEveryEndpointAsync(server, wrongKey, status => status == HttpStatusCode.Unauthorized);
        await AssertEveryEndpointAsync(server, wrongToken, status => status == HttpStatusCode.Unauthorized);
        await AssertEveryEndpointAsync(server, basic, status => status == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EveryEndpoint_ValidApiKey_IsNeither401Nor5xx()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server);

        await AssertEveryEndpointAsync(server, server.Client, status => status != HttpStatusCode.Unauthorized && (int)status < 500);
    }

    [Fact]
    public async Task EveryEndpoint_ValidBearerToken_IsNot401()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server);
        var token = server.App.Services.GetRequiredService<StudioTokenIssuer>()
            .Issue(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], "Cookies")));
        using var client = server.CreateClient(new AuthenticationHeaderValue("Bearer", token.AccessToken));

        await AssertEveryEndpointAsync(server, client, status => status != HttpStatusCode.Unauthorized && (int)status < 500);
        Assert.InRange(token.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task BearerToken_AfterItsLifetime_Returns401()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?> { ["Elsa:TokenLifetime"] = "00:01:00" });
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], "Cookies"));
        var fresh = server.App.Services.GetRequiredService<StudioTokenIssuer>().Issue(principal);
        // The same issuer a minute and a second ago: its token ran out a second ago by the server's clock. No waiting.
        var earlier = new StudioTokenIssuer(
            server.App.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>(),
            new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(61)));
        var stale = earlier.Issue(principal);
        using var freshClient = server.CreateClient(new AuthenticationHeaderValue("Bearer", fresh.AccessToken));
        using var staleClient = server.CreateClient(new AuthenticationHeaderValue("Bearer", stale.AccessToken));

        using var accepted = await freshClient.GetAsync("features/installed");
        using var expired = await staleClient.GetAsync("features/installed");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.InRange(fresh.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task ApiKey_FromTheElsaApiKeyVariable_IsAccepted()
    {
        const string Key = "variable-key-0123456789abcdef";
        await using var server = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?> { ["ELSA_API_KEY"] = Key });
        using var client = server.CreateClient(new AuthenticationHeaderValue("ApiKey", Key));

        using var response = await client.GetAsync("features/installed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cors_PreflightFromAllowedOrigin_AnswersTheContractsHeaders()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?> { ["Elsa:AllowedOrigins:0"] = Origin });
        using var client = server.CreateClient(authorization: null);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "workflow-definitions");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await client.SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("authorization, content-type, x-tenant-id", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("GET, POST, PUT, DELETE", Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Cors_RunFromAllowedOrigin_ExposesTheInstanceIdHeader()
    {
        await using var server = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?> { ["Elsa:AllowedOrigins:0"] = Origin });
        await server.SaveAsync(Definitions.OrdersSync());
        using var run = new HttpRequestMessage(HttpMethod.Post, "workflow-definitions/orders-sync/execute")
        {
            Content = new StringContent("""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":null}""", Encoding.UTF8, "application/json"),
        };
        run.Headers.Add("Origin", Origin);

        using var response = await server.Client.SendAsync(run);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("x-elsa-workflow-instance-id, x-elsa-workflow-cannot-start, content-disposition", Header(response, "Access-Control-Expose-Headers"));
        Assert.True(response.Headers.Contains("x-elsa-workflow-instance-id"));
    }

    [Fact]
    public async Task Cors_OtherOriginOrNotConfigured_GetsNoCorsHeaders()
    {
        await using var configured = await ElsaApiServer.StartAsync(postgres.Server, new Dictionary<string, string?> { ["Elsa:AllowedOrigins:0"] = Origin });
        using var other = new HttpRequestMessage(HttpMethod.Get, "features/installed");
        other.Headers.Add("Origin", "https://evil.example.test");
        using var otherResponse = await configured.Client.SendAsync(other);
        await configured.DisposeAsync();
        await using var plain = await ElsaApiServer.StartAsync(postgres.Server);
        using var same = new HttpRequestMessage(HttpMethod.Get, "features/installed");
        same.Headers.Add("Origin", Origin);

        using var plainResponse = await plain.Client.SendAsync(same);

        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, plainResponse.StatusCode);
        Assert.False(plainResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    /// <summary>
    /// Calls every endpoint mapped under <c>/elsa/api</c> (found in the endpoint data source, route values filled with
    /// placeholders, POST and PUT with <c>{}</c>) and checks each status.
    /// </summary>
    private static async Task AssertEveryEndpointAsync(ElsaApiServer server, HttpClient client, Func<HttpStatusCode, bool> expected)
    {
        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/elsa/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(endpoints.Count >= 45, $"only {endpoints.Count} endpoints found under /elsa/api");
        Assert.Contains(("POST", "/elsa/api/bulk-actions/import/workflow-instances"), endpoints);
        Assert.Contains(("POST", "/elsa/api/alterations/submit"), endpoints);

        var failures = new List<string>();
        foreach (var (method, route) in endpoints)
        {
            var path = RouteParameter().Replace(route["/elsa/api/".Length..], m => m.Value.Contains(":int", StringComparison.Ordinal) ? "1" : "unknown");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            if (!expected(response.StatusCode))
            {
                failures.Add($"{method} {route} → {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
