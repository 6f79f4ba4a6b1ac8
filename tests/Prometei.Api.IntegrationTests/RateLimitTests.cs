using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class RateLimitTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoProcesses_ShareOneBudget_NoTooManyRequests()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var a = world.ProcessClient(await world.StartProcessAsync());
        var b = world.ProcessClient(await world.StartProcessAsync());
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        // 2 × 25 reads at once, with 8 in flight per process: far more than 7 per second if nothing held them back.
        var started = DateTimeOffset.UtcNow;
        var calls = Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? a : b).GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}");
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(calls);
        var elapsed = DateTimeOffset.UtcNow - started;

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var requests = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/")).OrderBy(r => r.Time).ToList();
        output.WriteLine($"{requests.Count} amoCRM requests in {elapsed.TotalSeconds:0.0} s");
        foreach (var r in requests)
        {
            output.WriteLine($"{(r.Time - requests[0].Time).TotalMilliseconds,8:0} ms {r.Status} {r.Method} {r.Path} ua={r.Headers.GetValueOrDefault("traceparent")}");
        }

        Assert.DoesNotContain(requests, r => r.Status == 429);
        Assert.True(requests.Count >= 100, "each lead read is a lead and a contact request");
        for (var i = 7; i < requests.Count; i++)
        {
            Assert.True(requests[i].Time - requests[i - 7].Time >= TimeSpan.FromSeconds(1), $"8 requests within a second at {i}");
        }
    }

    [Fact]
    public async Task TooManyRequests_BacksOffForRetryAfter_AndSucceeds()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { RetryAfterSeconds = 1, TooManyRequestsBody = AmoCrmErrorBody.Json });
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { Status429Rate = 1, PathPrefix = "/api/v4/leads/" });

        // amoCRM keeps answering 429 until it has done so twice; the read meanwhile waits and retries.
        var read = world.Api.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}");
        await Eventually.WaitUntilAsync(
            async () => (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads/")).Count(r => r.Status == 429) >= 2,
            TimeSpan.FromSeconds(30),
            "two 429 answers");
        await world.Control.ClearFaultsAsync(FakeVendor.AmoCrm);
        using var response = await read;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads/")).OrderBy(r => r.Time).ToList();
        var tooMany = requests.Count(r => r.Status == 429);
        Assert.InRange(tooMany, 2, 3);
        Assert.Equal(200, requests[^1].Status);
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].Time - requests[i - 1].Time >= TimeSpan.FromMilliseconds(950), "each retry waited for Retry-After (1 s)");
        }

        var health = (await world.Admin.GetFromJsonAsync<JsonObject>("/health"))!;
        Assert.Equal(tooMany, health["today"]!["amocrm_429"]!.GetValue<long>());
    }

    [Fact]
    public async Task AlwaysTooManyRequests_OneReadGoesOnTheWireAtMostTheDocumentedTimes_SpacedByRetryAfter_ThenAnswers503WithIt()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { RetryAfterSeconds = 1 });
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { Status429Rate = 1, PathPrefix = "/api/v4/leads/" });

        using var response = await world.Api.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}");

        // The call gives up after 1 + TooManyRequestsResends attempts and hands amoCRM's Retry-After to its caller (the engine).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var requests = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads/")).OrderBy(r => r.Time).ToList();
        Assert.Equal(1 + Prometei.Api.Integrations.AmoCrm.AmoCrmAttempts.TooManyRequestsResends, requests.Count);
        Assert.All(requests, r => Assert.Equal(429, r.Status));
        for (var i = 1; i < requests.Count; i++)
        {
            Assert.True(requests[i].Time - requests[i - 1].Time >= TimeSpan.FromMilliseconds(950), "each resend waited for Retry-After (1 s)");
        }
    }
}
