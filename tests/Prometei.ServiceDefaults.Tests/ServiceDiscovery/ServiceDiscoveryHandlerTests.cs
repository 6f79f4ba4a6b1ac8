using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Prometei.ServiceDefaults.Tests.ServiceDiscovery;

// Goes through AddServiceDefaults, so these check that every factory client gets Microsoft.Extensions.ServiceDiscovery's
// handler and that the configuration the AppHost writes (services__{name}__{scheme}__{index}) is what it reads.
public sealed class ServiceDiscoveryHandlerTests : IDisposable
{
    private readonly List<IHost> _hosts = [];

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    [Fact]
    public Task HttpClient_LogicalHostConfigured_RewritesToConfiguredEndpoint() => AssertSentToAsync(
        "http://api", "x/y?page=2",
        new() { ["services:api:http:0"] = "http://127.0.0.1:5123" },
        "http://127.0.0.1:5123/x/y?page=2");

    [Fact]
    public Task HttpClient_EndpointHasPath_KeepsItAsPrefix() => AssertSentToAsync(
        "http://api", "x",
        new() { ["services:api:http:0"] = "http://localhost:5123/gateway/" },
        "http://localhost:5123/gateway/x");

    [Fact]
    public Task HttpClient_HttpsPlusHttpWithBothConfigured_UsesHttps() => AssertSentToAsync(
        "https+http://api", "x",
        new() { ["services:api:http:0"] = "http://localhost:5001", ["services:api:https:0"] = "https://localhost:5002" },
        "https://localhost:5002/x");

    [Fact]
    public Task HttpClient_HttpsPlusHttpWithOnlyHttpConfigured_FallsBackToHttp() => AssertSentToAsync(
        "https+http://api", "x",
        new() { ["services:api:http:0"] = "http://localhost:5001" },
        "http://localhost:5001/x");

    [Theory]
    [InlineData("https://api.kaspi.kz/shop/")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://localhost:8080/")]
    public Task HttpClient_RealHostName_PassesThroughUnchanged(string baseAddress) => AssertSentToAsync(
        baseAddress, "orders",
        new() { ["services:api:http:0"] = "http://127.0.0.1:5123" },
        new Uri(new Uri(baseAddress), "orders").AbsoluteUri);

    private async Task AssertSentToAsync(
        string baseAddress, string relativeUri, Dictionary<string, string?> configuration, string expected)
    {
        var backend = new StubHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = CreateClient(backend, baseAddress, configuration);

        using var response = await client.GetAsync(new Uri(relativeUri, UriKind.Relative));

        Assert.Equal(new Uri(expected), Assert.Single(backend.RequestUris));
    }

    private HttpClient CreateClient(StubHttpHandler backend, string baseAddress, Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("client", http => http.BaseAddress = new Uri(baseAddress))
            .ConfigurePrimaryHttpMessageHandler(() => backend);
        var host = builder.Build();
        _hosts.Add(host);
        return host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("client");
    }
}
