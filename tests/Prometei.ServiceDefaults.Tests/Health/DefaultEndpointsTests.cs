using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Prometei.ServiceDefaults.Tests.Health;

public sealed class DefaultEndpointsTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Endpoint_AllChecksHealthy_Returns200WithStatusOnly(string path)
    {
        await using var app = TestWebApplication.CreateBuilder().Build();
        using var client = await TestWebApplication.StartAsync(app);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health", HttpStatusCode.ServiceUnavailable, "Unhealthy")]
    [InlineData("/alive", HttpStatusCode.OK, "Healthy")]
    public async Task Endpoint_ReadyCheckUnhealthy_FailsHealthButNotAlive(string path, HttpStatusCode status, string body)
    {
        var builder = TestWebApplication.CreateBuilder();
        builder.Services.AddHealthChecks()
            .AddCheck("database", () => HealthCheckResult.Unhealthy("connection refused to db-secret-host"), ["ready"]);
        await using var app = builder.Build();
        using var client = await TestWebApplication.StartAsync(app);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        // Status only: neither the check's name nor its description leaks.
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}
