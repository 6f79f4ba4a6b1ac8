using Microsoft.AspNetCore.Mvc.Testing;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// Every route Prometei.Api maps, asked without credentials: only <c>/alive</c> and the status-only health checks
/// (<c>/health/ready</c>, and <c>/health</c> for methods other than GET, as today) answer; amoCRM's OAuth redirect is reachable but refuses a request without a state it
/// issued; everything else is 401 and reaches no vendor.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class RouteWalkTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryRoute_WithoutCredentials_AnswersOnlyWhereItMay()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using var anonymous = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        var probes = await RouteWalk.WalkAsync(world.Factory.Services, anonymous, new Dictionary<string, string> { ["documentName"] = "v1" });
        foreach (var probe in probes)
        {
            output.WriteLine(probe.ToString());
        }

        Assert.Contains(probes, p => p.Pattern.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Contains(probes, p => p.Pattern.StartsWith("/ops/", StringComparison.Ordinal));
        Assert.All(probes, p => Assert.True(p.Status == 401 || Open(p), $"answers without credentials: {p}"));
        // The maintenance loop reads amoCRM's webhook list on its own schedule, whatever the requests.
        Assert.DoesNotContain(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm), r => r.Path != "/api/v4/webhooks");
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.Erp));
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM idempotency_records"));
    }

    /// <summary>What may answer without credentials.</summary>
    private static bool Open(RouteProbe p) => (p.Method, p.Pattern) switch
    {
        // ServiceDefaults' liveness and the readiness check answer any method with the status text only (as mapped today).
        (_, "/alive") => p.Status == 200,
        (_, "/health/ready") => p.Status is 200 or 503,
        // GET /health is the detailed health (Basic); other methods reach ServiceDefaults' status-only check (as today).
        (not "GET", "/health") => p.Status is 200 or 503,
        ("GET", "/oauth/amocrm/callback") => p.Status == 400,          // amoCRM's redirect: needs code and a state issued here
        _ => false,
    };
}
