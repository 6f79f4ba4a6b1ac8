using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class OperationsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StatsErrorsPurgeAndUnlock_Work()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("990001", "7004445566");
        await world.Api.SyncAsync(await world.Api.NewOrdersAsync());
        // Two errors: one today, one from 40 days ago.
        await world.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { Status5xxRate = 1, Status5xxCode = 500 });
        using (var failed = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "x" } }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        await Execute(world, "INSERT INTO error_log (occurred_at, source, operation, message) VALUES (now() - interval '40 days', 'kaspi', 'poll', 'old')");

        var stats = (await world.Admin.GetFromJsonAsync<JsonObject>("/ops/stats"))!;
        Assert.Equal(1, stats["todayTotals"]!["orders_synced"]!.GetValue<long>());
        Assert.Equal(1, stats["last7Days"]!["leads_created"]!.GetValue<long>());
        Assert.True(stats["last7Days"]!["amocrm_requests"]!.GetValue<long>() >= 2);
        Assert.Equal(1, stats["orders"]!["synced"]!.GetValue<long>());

        var errors = (await world.Admin.GetFromJsonAsync<JsonObject>("/ops/errors?page=1&pageSize=1"))!;
        Assert.Equal(2, errors["total"]!.GetValue<long>());
        Assert.Equal("erp", errors["items"]![0]!["source"]!.GetValue<string>());
        var second = (await world.Admin.GetFromJsonAsync<JsonObject>("/ops/errors?page=2&pageSize=1"))!;
        Assert.Equal("old", second["items"]![0]!["message"]!.GetValue<string>());

        using (var purge = await world.Admin.PostAsync("/ops/errors/purge", null))
        {
            Assert.Equal(1, (await purge.JsonAsync())["deleted"]!.GetValue<int>());
        }

        // A crashed reconcile left its lock; an order reservation is live.
        await Execute(world, "INSERT INTO locks (name, owner, expires_at) VALUES ('kaspi-reconcile', 'dead:1', now() + interval '1 hour')");
        await Execute(world, "INSERT INTO processed_orders (kaspi_code, state, reserved_by, reserved_until) VALUES ('990009', 'reserved', 'dead:1', now() + interval '1 hour')");
        using (var busy = await world.Api.PostIdempotentAsync("/api/kaspi/reconcile", new { from = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        }

        Assert.Contains((await world.Admin.GetFromJsonAsync<JsonArray>("/ops/locks"))!, l => l!["name"]!.GetValue<string>() == "kaspi-reconcile");
        using (var unlock = await world.Admin.PostAsync("/ops/locks/unlock", null))
        {
            var json = await unlock.JsonAsync();
            Assert.True(json["locksReleased"]!.GetValue<int>() >= 1);
            Assert.Equal(1, json["reservationsExpired"]!.GetValue<int>());
        }

        using var after = await world.Api.PostIdempotentAsync("/api/kaspi/reconcile", new { from = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AmoCrmIdsAndContactSearch_Work()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var ids = (await world.Admin.GetFromJsonAsync<JsonObject>("/ops/amocrm/ids"))!;
        Assert.True(ids["configuredStatusFound"]!.GetValue<bool>());
        Assert.Contains(ids["pipelines"]!.AsArray(), p => p!["id"]!.GetValue<long>() == AmoCrmSeedIds.KaspiPipelineId && p["statuses"]!.AsArray().Count > 3);
        Assert.Contains(ids["leadFields"]!.AsArray(), f => f!["id"]!.GetValue<long>() == AmoCrmSeedIds.KaspiOrderCodeFieldId);
        Assert.Contains(ids["contactFields"]!.AsArray(), f => f!["code"]?.GetValue<string>() == "PHONE");

        // amoCRM's search also returns Даурен (his ИИН holds the digits); only Айгерим's PHONE matches.
        using var search = await world.Api.PostAsJsonAsync("/api/amocrm/contacts/search", new { phone = "8 707 123 45 67" });
        var json = await search.JsonAsync();
        Assert.Equal("+77071234567", json["phone"]!.GetValue<string>());
        Assert.True(json["searchHits"]!.GetValue<int>() >= 2);
        Assert.Equal(AmoCrmSeedIds.AigerimContactId, Assert.Single(json["contacts"]!.AsArray())!["id"]!.GetValue<long>());

        // The lead with its contact, as the workflows read it.
        var lead = (await world.Api.GetFromJsonAsync<JsonObject>($"/api/amocrm/leads/{AmoCrmSeedIds.SeedLeadId}"))!;
        Assert.Equal("Айгерим Сапарова", lead["contacts"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(404, (int)(await world.Api.GetAsync("/api/amocrm/leads/99999999")).StatusCode);

        // Contacts created through the API are found again by phone instead of duplicated.
        using var created = await world.Api.PostIdempotentAsync("/api/amocrm/contacts", new { firstName = "Асель", lastName = "Ким", phone = "7002224466" });
        var contactId = (await created.JsonAsync())["contactId"]!.GetValue<long>();
        using var again = await world.Api.PostIdempotentAsync("/api/amocrm/contacts", new { name = "Асель", phone = "+7 700 222 44 66" });
        var json2 = await again.JsonAsync();
        Assert.False(json2["created"]!.GetValue<bool>());
        Assert.Equal(contactId, json2["contactId"]!.GetValue<long>());
    }

    [Fact]
    public async Task ErpWithBasicCredentialsOnly_AndTheTaskTemplate_Work()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o =>
        {
            o.Settings["CRM_API_KEY"] = null;
            o.Settings["Erp:TaskTemplate"] = """{"subject":"{{texts.taskTitle}}","sum":"{{lead.price}}","code":"{{lead.custom.1234567}}","phone":"{{lead.contact.phone}}"}""";
        });
        using var response = await world.Api.PostIdempotentAsync("/api/erp/tasks", new { leadId = AmoCrmSeedIds.SeedLeadId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var task = Assert.Single(await world.Control.GetErpTasksAsync());
        Assert.Equal("Сделка amoCRM №24681357: Kaspi 785512309", task.Body.GetProperty("subject").GetString());
        Assert.Equal(184990, task.Body.GetProperty("sum").GetInt64());
        Assert.Equal("785512309", task.Body.GetProperty("code").GetString());
        Assert.Equal("+77071234567", task.Body.GetProperty("phone").GetString());
        var sent = Assert.Single(await world.Control.GetRequestsAsync(FakeVendor.Erp));
        Assert.Equal("Basic ***", sent.Headers["Authorization"]);
        Assert.False(sent.Headers.ContainsKey("X-Api-Key"));
    }

    [Fact]
    public async Task CliVerbs_RunWithoutAWebServer()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("990101", "7004445599");
        await world.Api.SyncAsync(await world.Api.NewOrdersAsync());

        var stats = await RunVerbAsync(world, "stats");
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(1, JsonNode.Parse(stats.Output)!["todayTotals"]!["orders_synced"]!.GetValue<long>());

        var ids = await RunVerbAsync(world, "amocrm-ids");
        Assert.Equal(0, ids.ExitCode);
        Assert.True(JsonNode.Parse(ids.Output)!["configuredStatusFound"]!.GetValue<bool>());

        var probe = await RunVerbAsync(world, "kaspi-probe");
        Assert.Equal(0, probe.ExitCode);
        Assert.True(JsonNode.Parse(probe.Output)!["tokenAccepted"]!.GetValue<bool>());

        var code = await world.Control.IssueAuthorizationCodeAsync();
        var exchange = await RunVerbAsync(world, "oauth-exchange", code);
        Assert.Equal(0, exchange.ExitCode);
        Assert.Equal("connected", JsonNode.Parse(exchange.Output)!["tokenState"]!.GetValue<string>());
        Assert.Equal(2, (await world.StoredTokensAsync()).Generation);
        SecretsInLogsTests.AssertNoSecrets(exchange.Output + exchange.Error + stats.Error, [.. world.Secrets, code]);

        var broken = await RunVerbAsync(world, "stats", environment: new() { ["KASPI_API_TOKEN"] = "", ["AMO_RPS"] = "fast" });
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("AMO_RPS", broken.Error, StringComparison.Ordinal);

        // A .env file in the working folder supplies what the environment lacks.
        var folder = Directory.CreateTempSubdirectory("prometei-dotenv-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, ".env"), "AMO_RPS=fast\n");
            var fromFile = await RunVerbAsync(world, "stats", workingDirectory: folder.FullName, environment: new() { ["AMO_RPS"] = null });
            Assert.Equal(2, fromFile.ExitCode);
            Assert.Contains("AMO_RPS", fromFile.Error, StringComparison.Ordinal);
            var environmentWins = await RunVerbAsync(world, "stats", workingDirectory: folder.FullName, environment: new() { ["AMO_RPS"] = "5" });
            Assert.Equal(0, environmentWins.ExitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output, string Error)> RunVerbAsync(
        ApiHarness world, string verb, string? argument = null, Dictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        CliRunner.RunAsync(world.Environment(), argument is null ? [verb] : [verb, argument], environment, workingDirectory);

    private static async Task Execute(ApiHarness world, string sql)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task DailyPurge_RemovesErrorsOlderThanThirtyDays()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        Assert.Equal(HttpStatusCode.OK, (await world.Anonymous.GetAsync("/alive")).StatusCode);
        await Execute(world, "INSERT INTO error_log (occurred_at, source, operation, message) VALUES (now() - interval '31 days', 'kaspi', 'poll', 'old'), (now() - interval '29 days', 'kaspi', 'poll', 'recent')");

        // Today's purge ran at startup (a lock row per day keeps it to one run); opening the locks lets the next tick run it again.
        await Eventually.WaitUntilAsync(async () => (await world.Admin.GetFromJsonAsync<JsonArray>("/ops/locks"))!.Count > 0, TimeSpan.FromSeconds(20), "the daily purge lock");
        using (await world.Admin.PostAsJsonAsync("/ops/locks/unlock", new { name = (await world.Admin.GetFromJsonAsync<JsonArray>("/ops/locks"))![0]!["name"]!.GetValue<string>() }))
        {
        }

        await Eventually.WaitUntilAsync(async () => await world.ScalarAsync("SELECT count(*) FROM error_log WHERE message = 'old'") == 0, TimeSpan.FromSeconds(20), "the purge");
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM error_log WHERE message = 'recent'"));
    }
}
