using System.Net;
using Npgsql;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// Configuration against the stored amoCRM connection across restarts on one database: the configured address wins over
/// the stored one, changed tokens replace the stored pair (an operator reconnecting by pasting tokens), and a
/// configuration still naming a rotated pair never rolls it back.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ConfiguredConnectionTests(PostgresFixture postgres)
{
    private static readonly string s_lead = $"/api/amocrm/leads/{ApiHarness.SeedLeadId}";

    [Fact]
    public async Task ConfiguredAddress_WinsOverTheOneAnEarlierRunStored()
    {
        await using var world = await ApiHarness.StartAsync(postgres);

        // An earlier run (the AppHost's sandbox on another port) stored its amoCRM address with the connection.
        const string earlier = "http://127.0.0.1:1/amocrm/";
        await RunAsync(world, new() { ["AMO_BASE_URL"] = earlier }, _ => Task.CompletedTask);
        Assert.Equal(earlier, await StoredAsync<string>(world, "base_url"));

        // This run is configured with the live address: every amoCRM call goes there, token refreshes included.
        await RunAsync(world, [], async api =>
        {
            using var response = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await world.Control.ExpireAccessTokensAsync();
            using var refreshed = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        });
        Assert.Equal(2, (await world.StoredTokensAsync()).Generation);

        Assert.Equal(world.Fakes.AmoCrmBaseUrl.AbsoluteUri, await StoredAsync<string>(world, "base_url"));
        Assert.Contains("amoCRM address changed from http://127.0.0.1:1/amocrm/", world.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewTokensInConfiguration_ReplaceARevokedPair()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await RunAsync(world, [], async api =>
        {
            using var ok = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

            // The integration's tokens are revoked (keys regenerated in amoCRM): calls stop.
            await world.Control.RevokeAmoCrmTokensAsync();
            using var refused = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        });
        var revoked = await world.StoredTokensAsync();
        Assert.Equal("revoked", revoked.State);

        // The operator pastes a new pair into .env (as after the old integrator's setup:oauth) and restarts.
        var pair = await world.Control.IssueTokensAsync();
        world.Secrets.AddRange([pair.AccessToken, pair.RefreshToken]);
        var pasted = new Dictionary<string, string?> { ["AMO_ACCESS_TOKEN"] = pair.AccessToken, ["AMO_REFRESH_TOKEN"] = pair.RefreshToken };
        await RunAsync(world, pasted, async api =>
        {
            using var response = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        var stored = await world.StoredTokensAsync();
        Assert.Equal(("connected", pair.AccessToken, pair.RefreshToken, revoked.Generation + 1), (stored.State, stored.Access, stored.Refresh, stored.Generation));

        // The same configuration again changes nothing.
        await RunAsync(world, pasted, _ => Task.CompletedTask);
        Assert.Equal(stored.Generation, (await world.StoredTokensAsync()).Generation);
        Assert.Contains("differ from those last taken", world.Logs.Text, StringComparison.Ordinal);
        SecretsInLogsTests.AssertNoSecrets(world.Logs.Text, world.Secrets);
    }

    [Fact]
    public async Task RotatedPair_IsNeverRolledBackByAnOlderConfiguration()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var first = world.SeededTokens!;

        // The seeded pair is rotated: its refresh token is spent.
        await RunAsync(world, [], async api =>
        {
            await world.Control.ExpireAccessTokensAsync();
            using var response = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        var rotated = await world.StoredTokensAsync();
        Assert.Equal(2, rotated.Generation);
        Assert.NotEqual(first.RefreshToken, rotated.Refresh);
        world.Secrets.AddRange([rotated.Access!, rotated.Refresh!]);

        // Restarted with the .env it was seeded from: the rotated pair stays.
        await AssertKeptAsync(world, [], rotated);

        // New tokens in .env replace it.
        var second = await world.Control.IssueTokensAsync();
        world.Secrets.AddRange([second.AccessToken, second.RefreshToken]);
        var secondSettings = new Dictionary<string, string?> { ["AMO_ACCESS_TOKEN"] = second.AccessToken, ["AMO_REFRESH_TOKEN"] = second.RefreshToken };
        await RunAsync(world, secondSettings, async api =>
        {
            using var response = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        var replaced = await world.StoredTokensAsync();
        Assert.Equal((second.RefreshToken, 3L), (replaced.Refresh, replaced.Generation));

        // An old .env restored from a backup names the spent pair, which differs from what was last taken: it is older by
        // rotation, so the stored pair stays (taking it would revoke the connection: a spent refresh token is refused).
        await AssertKeptAsync(world, [], replaced);
        Assert.Contains("older than the stored pair", world.Logs.Text, StringComparison.Ordinal);

        // A connection stored by an earlier version (no fingerprint, no history): a configured pair is taken only when its
        // access token expires later than the stored one.
        await ExecuteAsync(world, "UPDATE amocrm_connection SET configured_tokens = 'before-0003'; DELETE FROM amocrm_retired_tokens");
        await AssertKeptAsync(world, [], replaced);
        var longLived = await world.Control.IssueLongLivedTokenAsync(TimeSpan.FromDays(365));
        world.Secrets.Add(longLived.AccessToken);
        await RunAsync(world, new() { ["AMO_ACCESS_TOKEN"] = longLived.AccessToken, ["AMO_REFRESH_TOKEN"] = null }, async api =>
        {
            using var response = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        var taken = await world.StoredTokensAsync();
        Assert.Equal((longLived.AccessToken, (string?)null, 4L), (taken.Access, taken.Refresh, taken.Generation));
        SecretsInLogsTests.AssertNoSecrets(world.Logs.Text, world.Secrets);
    }

    [Fact]
    public async Task OldServiceCrmApiUrl_TheTaskEndpoint_ReachesTheErp()
    {
        // The old amoCRM → ERP service held the task endpoint itself in CRM_API_URL.
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["CRM_API_URL"] = world.Fakes.ErpBaseUrl.AbsoluteUri.TrimEnd('/') + "/api/tasks";

        using var task = await world.Api.PostIdempotentAsync("/api/erp/tasks", new { leadId = ApiHarness.SeedLeadId });
        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        using var deal = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "Диван", amount = 1000, leadId = 1 } });
        Assert.Equal(HttpStatusCode.Created, deal.StatusCode);

        Assert.Single(await world.Control.GetErpTasksAsync());
        Assert.Single(await world.Control.GetErpDealsAsync());
    }

    private static async Task AssertKeptAsync(
        ApiHarness world, Dictionary<string, string?> settings, (string? Access, string? Refresh, long Generation, string State) expected)
    {
        await RunAsync(world, settings, async api =>
        {
            using var response = await api.GetAsync(s_lead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        var stored = await world.StoredTokensAsync();
        Assert.Equal((expected.Refresh, expected.Generation, "connected"), (stored.Refresh, stored.Generation, stored.State));
    }

    /// <summary>One run of the Api in-process on the world's database with <paramref name="settings"/> over the world's.</summary>
    private static async Task RunAsync(ApiHarness world, Dictionary<string, string?> settings, Func<HttpClient, Task> use)
    {
        var merged = new Dictionary<string, string?>(world.Settings, StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        // Maintenance would refresh on its own schedule; these runs should only do what the test asks.
        merged["Api:MaintenanceInterval"] = "01:00:00";
        await using var factory = new GatewayFactory(merged, world.Logs);
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiHarness.InternalKey);
        await use(api);
    }

    private static async Task<T?> StoredAsync<T>(ApiHarness world, string column)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {column} FROM amocrm_connection WHERE id = 1", connection);
        return (T?)await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(ApiHarness world, string sql)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
