using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class AlertTests(PostgresFixture postgres)
{
    private const string LeadPath = "/api/amocrm/leads/24681357";

    [Fact]
    public async Task RevokedToken_AlertsOnceStopsCallsShowsInHealth_UntilReconnected()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.Email = true);
        Assert.Equal(HttpStatusCode.OK, (await world.Api.GetAsync(LeadPath)).StatusCode);

        // The integration is disabled in amoCRM: the access token dies, and so does the refresh token.
        await world.Control.RevokeAmoCrmTokensAsync();
        using (var refused = await world.Api.GetAsync(LeadPath))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var calls = await world.Control.GetTokenCallsAsync();
        Assert.Contains(calls, c => c.GrantType == "refresh_token" && c.Status == 401 && c.Hint == "Token has been revoked");
        var alert = Assert.Single(world.Telegram.Calls);
        Assert.Equal(ApiHarness.TelegramBotToken, alert.Token);
        Assert.Equal(ApiHarness.TelegramChatId, alert.ChatId);
        Assert.Contains("amoCRM", alert.Text, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => Task.FromResult(world.Smtp.Messages.Count == 1), TimeSpan.FromSeconds(10), "the alert e-mail");
        Assert.Contains("Subject: Prometei: amocrm_token_revoked", world.Smtp.Messages[0], StringComparison.Ordinal);

        using (var health = await world.Admin.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var json = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
            Assert.Equal("Unhealthy", json["status"]!.GetValue<string>());
            Assert.Equal("revoked", json["amoCrm"]!["tokenState"]!.GetValue<string>());
            Assert.Contains(json["alerts"]!.AsArray(), a => a!["condition"]!.GetValue<string>() == "amocrm_token_revoked");
        }

        // Stopped: more calls fail fast without reaching amoCRM, and raise no second alert.
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await world.Api.GetAsync(LeadPath)).StatusCode);
        }

        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));
        Assert.Single(world.Telegram.Calls);

        // An operator pastes a new authorization code: calls resume.
        var code = await world.Control.IssueAuthorizationCodeAsync();
        using (var exchange = await world.Admin.PostAsJsonAsync("/ops/amocrm/oauth/exchange", new { code }))
        {
            Assert.Equal("connected", (await exchange.JsonAsync())["tokenState"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.OK, (await world.Api.GetAsync(LeadPath)).StatusCode);
        var healthy = (await world.Admin.GetFromJsonAsync<JsonObject>("/health"))!;
        Assert.Equal("connected", healthy["amoCrm"]!["tokenState"]!.GetValue<string>());
    }

    [Fact]
    public async Task AccountBlocked_StopsCallsAndAlerts_UntilResumed()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { AccountBlocked = true });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await world.Api.GetAsync(LeadPath)).StatusCode);
        Assert.Contains("заблокировал", Assert.Single(world.Telegram.Calls).Text, StringComparison.Ordinal);
        var health = JsonNode.Parse(await (await world.Admin.GetAsync("/health")).Content.ReadAsStringAsync())!;
        Assert.Equal("blocked", health["amoCrm"]!["tokenState"]!.GetValue<string>());

        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await world.Api.GetAsync(LeadPath)).StatusCode);
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));

        await world.Control.ClearFaultsAsync(FakeVendor.AmoCrm);
        using (await world.Admin.PostAsync("/ops/amocrm/resume", null))
        {
        }

        Assert.Equal(HttpStatusCode.OK, (await world.Api.GetAsync(LeadPath)).StatusCode);
    }

    [Fact]
    public async Task WorkflowAlerts_OnePerConditionPerPeriod_AndSilentWithoutChannels()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using (var first = await world.Api.PostIdempotentAsync("/api/alerts", new { message = "Поток Kaspi падает", condition = "kaspi-poll" }))
        {
            var json = await first.JsonAsync();
            Assert.False(json["suppressed"]!.GetValue<bool>());
            Assert.Equal(["telegram"], json["channels"]!.AsArray().Select(c => c!.GetValue<string>()));
        }

        using (var second = await world.Api.PostIdempotentAsync("/api/alerts", new { message = "Снова падает", condition = "kaspi-poll" }))
        {
            Assert.True((await second.JsonAsync())["suppressed"]!.GetValue<bool>());
        }

        using (var other = await world.Api.PostIdempotentAsync("/api/alerts", new { message = "Другое", condition = "erp" }))
        {
            Assert.False((await other.JsonAsync())["suppressed"]!.GetValue<bool>());
        }

        Assert.Equal(2, world.Telegram.Calls.Count);

        await using var silent = await ApiHarness.StartAsync(postgres, o =>
        {
            o.Settings["ALERT_TELEGRAM_BOT_TOKEN"] = null;
            o.Settings["ALERT_TELEGRAM_CHAT_ID"] = null;
        });
        using var quiet = await silent.Api.PostIdempotentAsync("/api/alerts", new { message = "Тишина" });
        Assert.Empty((await quiet.JsonAsync())["channels"]!.AsArray());
        Assert.Empty(silent.Telegram.Calls);
    }

    [Fact]
    public async Task StaleKaspiPoll_RaisesTheHeartbeatAlert()
    {
        // Maintenance ticks and the staleness check run on a fake clock: the test moves it instead of waiting.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await ApiHarness.StartAsync(postgres, o =>
        {
            o.Settings["Alerts:HeartbeatThreshold"] = "00:10:00";
            o.Clock = clock;
        });
        using (await world.Api.PostAsJsonAsync("/api/kaspi/orders/new", new { since = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() }))
        {
        }

        // Nobody polls again. Inside the threshold: nothing; past it: the alert goes out, once, over several more checks.
        await MaintenancePassAsync(world, clock, TimeSpan.FromMinutes(9));
        Assert.DoesNotContain(world.Telegram.Calls, c => c.Text.Contains("Kaspi не опрашивался", StringComparison.Ordinal));
        await MaintenancePassAsync(world, clock, TimeSpan.FromMinutes(5));
        for (var i = 0; i < 3; i++)
        {
            await MaintenancePassAsync(world, clock, TimeSpan.FromMinutes(1));
        }

        Assert.Single(world.Telegram.Calls, c => c.Text.Contains("Kaspi не опрашивался", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebhookSwitchedOffByAmoCrm_ShowsInHealth_AndRaisesOneAlert()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await ApiHarness.StartAsync(postgres, o =>
        {
            o.Settings["AmoCrm:WebhookCheckInterval"] = "00:01:00";
            o.Clock = clock;
        });
        var tokens = await world.Control.IssueTokensAsync();
        using var amo = new HttpClient { BaseAddress = world.Fakes.AmoCrmBaseUrl };
        amo.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        await world.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookSingleAttempt = true, WebhookDisableAfter = 2 });

        // Our hook, pointing at a workflows node that is down (nothing listens on port 9).
        (await amo.PostAsJsonAsync("api/v4/webhooks", new { destination = "http://127.0.0.1:9/workflows/amocrm/webhook?secret=hook-secret-value", settings = new[] { "status_lead" } }))
            .EnsureSuccessStatusCode();
        await MaintenancePassAsync(world, clock, TimeSpan.FromMinutes(5));
        Assert.False((await HookAsync(world))!["disabled"]!.GetValue<bool>());
        Assert.Empty(world.Telegram.Calls);

        var statuses = new[] { AmoCrmSeedIds.ShippedStatusId, AmoCrmSeedIds.SendToErpStatusId };
        for (var i = 0; i < 3; i++)
        {
            await world.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(statuses[i % 2], AmoCrmSeedIds.KaspiPipelineId));
            await Eventually.WaitUntilAsync(async () => (await world.Control.GetWebhookDeliveriesAsync()).Count == i + 1, TimeSpan.FromSeconds(10), "the delivery");
        }

        await MaintenancePassAsync(world, clock, TimeSpan.FromMinutes(5));
        Assert.True((await HookAsync(world))!["disabled"]!.GetValue<bool>());
        var health = (await world.Admin.GetFromJsonAsync<JsonObject>("/health"))!;
        Assert.Equal("Degraded", health["status"]!.GetValue<string>());
        Assert.DoesNotContain("hook-secret-value", health.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:9/workflows/amocrm/webhook", (await HookAsync(world))!["destination"]!.GetValue<string>());
        for (var i = 0; i < 3; i++)
        {
            await MaintenancePassAsync(world, clock, TimeSpan.FromMinutes(1)); // several more checks: still one alert
        }

        var alert = Assert.Single(world.Telegram.Calls, c => c.Text.Contains("отключил вебхук", StringComparison.Ordinal));
        Assert.DoesNotContain("hook-secret-value", alert.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Moves the Api's fake clock by <paramref name="by"/> and returns once the maintenance pass that tick starts has finished:
    /// passes run one after another and each begins by writing this process's heartbeat (database time), so the pass after
    /// it beginning means it is done. The waits are for those events, at most 30 s each. The stored times (heartbeats, the
    /// Kaspi poll) are the database's, so steps are minutes: far from the thresholds the checks compare them with.
    /// </summary>
    private static async Task MaintenancePassAsync(ApiHarness world, FakeTimeProvider clock, TimeSpan by)
    {
        const string LastBeat = "SELECT coalesce((extract(epoch FROM max(beat_at)) * 1000000)::bigint, 0) FROM heartbeats WHERE name LIKE 'api:%'";
        _ = world.Factory.Services; // the Api is running (and migrated) before its heartbeats are read
        foreach (var step in new[] { by, TimeSpan.FromSeconds(1) })
        {
            var before = await world.ScalarAsync(LastBeat);
            clock.Advance(step);
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await world.ScalarAsync(LastBeat) == before)
            {
                Assert.True(DateTime.UtcNow < until, "timed out waiting for a maintenance pass");
                // A pass may itself wait on the clock (a 429 pause, a retry's back-off): nudge it on, a little at a time.
                await Task.Delay(50);
                clock.Advance(TimeSpan.FromMilliseconds(500));
            }
        }
    }


    private static async Task<JsonObject?> HookAsync(ApiHarness world) =>
        (await world.Admin.GetFromJsonAsync<JsonObject>("/health"))!["amoCrmWebhooks"]?["hooks"]?.AsArray().OfType<JsonObject>().SingleOrDefault();

    [Fact]
    public async Task ErpRefusal_IsKeptInTheErrorLog_AndAlerts_AndItsReplayCallsNoOne()
    {
        await using var world = await ApiHarness.StartAsync(postgres);

        // The ERP already holds another document under this key (the old integration's, say): it refuses ours for good.
        using (var erp = new HttpClient { BaseAddress = world.Fakes.ErpBaseUrl })
        {
            erp.DefaultRequestHeaders.Add("X-Api-Key", world.Fakes.Options.Erp.ApiKey);
            erp.DefaultRequestHeaders.Add("Idempotency-Key", "erp-refusal-1");
            using var other = await erp.PostAsJsonAsync("api/deals", new { title = "their deal" });
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        using (var refused = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "Сделка", amount = 1000 } }, "erp-refusal-1"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        var errors = (await world.Admin.GetFromJsonAsync<JsonObject>("/ops/errors"))!;
        var entry = Assert.Single(errors["items"]!.AsArray());
        Assert.Equal("erp", entry!["source"]!.GetValue<string>());
        Assert.Contains("422", entry["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var alert = Assert.Single(world.Telegram.Calls);
        Assert.Contains("ERP refused", alert.Text, StringComparison.Ordinal);

        // The stored answer is replayed: no second call, no second entry or alert.
        await world.Control.ClearRequestsAsync(FakeVendor.Erp);
        using (var replay = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "Сделка", amount = 1000 } }, "erp-refusal-1"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        }

        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.Erp, method: "POST"));
        Assert.Equal(1, (await world.Admin.GetFromJsonAsync<JsonObject>("/ops/errors"))!["total"]!.GetValue<long>());
        Assert.Single(world.Telegram.Calls);
    }

    [Fact]
    public async Task FlowKeepsFailing_RaisesTheFailureAlert()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.Settings["Alerts:FailureThreshold"] = "2");
        await world.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { Status5xxRate = 1, Status5xxCode = 500 });
        for (var i = 0; i < 2; i++)
        {
            using var failed = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "x" } });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        await Eventually.WaitUntilAsync(
            () => Task.FromResult(world.Telegram.Calls.Any(c => c.Text.Contains("поток продолжает падать", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(20),
            "the failure alert");
    }

    [Fact]
    public async Task LongLivedToken_Works_AndItsRefusalIsARevocation()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.SeedTokens = false);
        var token = await world.Control.IssueLongLivedTokenAsync(TimeSpan.FromDays(365));
        world.Settings["AMO_ACCESS_TOKEN"] = token.AccessToken;
        world.Settings["AMOCRM_CLIENT_ID"] = null;
        world.Settings["AMOCRM_CLIENT_SECRET"] = null;
        world.Settings["AMOCRM_REDIRECT_URI"] = null;

        Assert.Equal(HttpStatusCode.OK, (await world.Api.GetAsync(LeadPath)).StatusCode);
        var health = (await world.Admin.GetFromJsonAsync<JsonObject>("/health"))!;
        Assert.True(health["amoCrm"]!["longLivedToken"]!.GetValue<bool>());

        await world.Control.RevokeAmoCrmTokensAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await world.Api.GetAsync(LeadPath)).StatusCode);
        Assert.Empty(await world.Control.GetTokenCallsAsync());                 // nothing to refresh with
        Assert.Equal("revoked", (await world.StoredTokensAsync()).State);
        Assert.Single(world.Telegram.Calls);
    }
}
