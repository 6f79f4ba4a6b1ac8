using System.Net;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.Api.IntegrationTests;

/// <summary>amoCRM's single-use refresh token under two Api processes sharing one database.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class TokenRotationTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoProcesses_ExpiredAccessToken_OneRefreshCallAndBothKeepWorking()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var first = await world.StartProcessAsync();
        var second = await world.StartProcessAsync();
        var a = world.ProcessClient(first);
        var b = world.ProcessClient(second);

        // Both connected with the seeded pair.
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);

        for (var round = 1; round <= 2; round++)
        {
            // amoCRM expires the access token: every request of both processes now gets a 401 and wants a refresh.
            await world.Control.ExpireAccessTokensAsync();
            var requests = Enumerable.Range(0, 12)
                .Select(i => (i % 2 == 0 ? a : b).GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}"))
                .ToList();
            var responses = await Task.WhenAll(requests);
            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"round {round}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var calls = await world.Control.GetTokenCallsAsync();
            output.WriteLine($"round {round}: token calls {string.Join(", ", calls.Select(c => $"{c.GrantType} {c.Status} {c.Hint}"))}");
            Assert.Equal(round, calls.Count(c => c.GrantType == "refresh_token"));
            Assert.All(calls, c => Assert.Equal(200, c.Status));

            var stored = await world.StoredTokensAsync();
            Assert.Equal("connected", stored.State);
            Assert.Equal(1 + round, stored.Generation);
            world.Secrets.AddRange([stored.Access!, stored.Refresh!]);
        }

        // The tokens are encrypted at rest.
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM amocrm_connection WHERE access_token LIKE 'eyJ%' OR refresh_token LIKE 'def50200%'"));

        await first.StopAsync();
        await second.StopAsync();
        var logs = first.Output + second.Output;
        Assert.Contains("amoCRM tokens refreshed", logs, StringComparison.Ordinal);
        SecretsInLogsTests.AssertNoSecrets(logs, world.Secrets);
    }
}
