using System.Net.Http.Json;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// A vendor failure that outlives the retries holds back what depends on it, not the whole poll: a Kaspi read that fails
/// keeps the orders of the other reads (and the watermark stays), an order whose line items do not come waits alone, and a
/// phone index that cannot be brought up to date holds back only new customers' orders. Nothing is skipped or made twice.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class KaspiPartialFailureTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset s_created = DateTimeOffset.UtcNow.AddMinutes(-20);

    [Fact]
    public async Task Poll_AStateKaspiDoesNotAnswer_TheOtherStatesOrdersAreSynced_TheWatermarkStays_AndTheNextPollTakesTheRest()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        for (var i = 0; i < 3; i++)
        {
            await world.Control.AddOrderAsync($"61000000{i}", $"70110000{i:00}", created: s_created.AddSeconds(i));
        }

        for (var i = 0; i < 2; i++)
        {
            await world.Control.AddOrderAsync($"62000000{i}", $"70120000{i:00}", created: s_created.AddSeconds(10 + i), state: "PICKUP");
        }

        await world.Control.SetFaultsAsync(FakeVendor.Kaspi, new FaultSettings { QueryContains = "[state]=PICKUP", Status5xxRate = 1, Status5xxCode = 502 });
        var until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = new { until, firstPollDays = 1 };

        var first = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:unread-1")).JsonAsync();

        Assert.Equal((3, 3, 1), (first["new"]!.GetValue<int>(), first["created"]!.GetValue<int>(), first["unread"]!.GetValue<int>()));
        // The unread state may hide orders anywhere in the window: the watermark does not move from where the poll began.
        Assert.Equal(until - (long)TimeSpan.FromDays(1).TotalMilliseconds, first["nextWatermark"]!.GetValue<long>());

        await world.Control.ClearFaultsAsync(FakeVendor.Kaspi);
        var second = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:unread-2")).JsonAsync();

        Assert.Equal((2, 2, 0), (second["new"]!.GetValue<int>(), second["created"]!.GetValue<int>(), second["unread"]!.GetValue<int>()));
        Assert.Equal(s_created.AddSeconds(11).ToUnixTimeMilliseconds(), second["nextWatermark"]!.GetValue<long>());
        var names = await KaspiLeadNamesAsync(world);
        Assert.Equal(5, names.Count);
        Assert.Equal(5, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Poll_EveryReadFails_IsA503_AndNothingMoves()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["KASPI_ALLOWED_STATES"] = "NEW";
        await world.Control.AddOrderAsync("630000000", "7013000000", created: s_created);
        await world.Control.SetFaultsAsync(FakeVendor.Kaspi, new FaultSettings { PathPrefix = "/shop/api/v2/orders", Status5xxRate = 1, Status5xxCode = 502 });

        using var poll = await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", new { firstPollDays = 1 }, "kaspi-poll:all-unread");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, poll.StatusCode);
        Assert.Equal("application/problem+json", poll.Content.Headers.ContentType?.MediaType);
        var watermark = await world.Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/kaspi/watermark");
        Assert.Null(watermark!["watermark"]);
    }

    [Fact]
    public async Task Poll_OneOrdersLineItemsDoNotCome_OnlyThatOrderWaits_AndTheNextPollCreatesIt()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var orders = new List<FakeKaspiOrder>();
        for (var i = 0; i < 4; i++)
        {
            orders.Add(await world.Control.AddOrderAsync($"64000000{i}", $"70140000{i:00}", created: s_created.AddSeconds(i)));
        }

        var stuck = orders[1];
        await world.Control.SetFaultsAsync(FakeVendor.Kaspi, new FaultSettings { PathPrefix = $"/shop/api/v2/orders/{stuck.Id}/entries", Status5xxRate = 1, Status5xxCode = 502 });
        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };

        var first = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:entries-1")).JsonAsync();

        Assert.Equal((4, 3, 1), (first["new"]!.GetValue<int>(), first["created"]!.GetValue<int>(), first["failed"]!.GetValue<int>()));
        Assert.Equal(s_created.AddSeconds(1).ToUnixTimeMilliseconds() - 1, first["nextWatermark"]!.GetValue<long>());
        Assert.DoesNotContain("Kaspi " + stuck.Code, await KaspiLeadNamesAsync(world));

        await world.Control.ClearFaultsAsync(FakeVendor.Kaspi);
        var second = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:entries-2")).JsonAsync();

        Assert.Equal((1, 1), (second["new"]!.GetValue<int>(), second["created"]!.GetValue<int>()));
        var names = await KaspiLeadNamesAsync(world);
        Assert.Equal(4, names.Count);
        Assert.Single(names, n => n == "Kaspi " + stuck.Code);
    }

    [Fact]
    public async Task Poll_ThePhoneIndexCannotBeBroughtUpToDate_KnownCustomersGetTheirLeads_NewCustomersWait_WithoutASecondContact()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["AmoCrm:ContactIndexInterval"] = "00:00:00";
        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };
        // A first poll reads every contact into the index (Ерлан's order).
        await world.Control.AddOrderAsync("650000000", "87017654321", "Ерлан", "Ахметов", created: s_created);
        var indexed = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:index-1")).JsonAsync();
        Assert.Equal(1, indexed["created"]!.GetValue<int>());

        // Айгерим is in the index; the second customer is new. amoCRM's contact list then fails.
        await world.Control.AddOrderAsync("650000001", "+77071234567", created: s_created.AddSeconds(1));
        await world.Control.AddOrderAsync("650000002", "7015550001", "Новый", "Покупатель", created: s_created.AddSeconds(2));
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { PathPrefix = "/api/v4/contacts", Method = "GET", Status5xxRate = 1, Status5xxCode = 502 });
        var contactsBefore = (await world.Control.GetAmoCrmContactsAsync()).Count;
        var later = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };

        var stale = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", later, "kaspi-poll:index-2")).JsonAsync();

        Assert.Equal((2, 1, 1), (stale["new"]!.GetValue<int>(), stale["created"]!.GetValue<int>(), stale["failed"]!.GetValue<int>()));
        var leads = await world.Control.GetAmoCrmLeadsAsync();
        Assert.Equal(AmoCrmSeedIds.AigerimContactId, leads.Single(l => l.Name.StartsWith("Kaspi 650000001", StringComparison.Ordinal)).MainContactId);
        Assert.DoesNotContain(leads, l => l.Name.StartsWith("Kaspi 650000002", StringComparison.Ordinal));
        Assert.Equal(contactsBefore, (await world.Control.GetAmoCrmContactsAsync()).Count);
        Assert.Equal(s_created.AddSeconds(2).ToUnixTimeMilliseconds() - 1, stale["nextWatermark"]!.GetValue<long>());

        await world.Control.ClearFaultsAsync(FakeVendor.AmoCrm);
        var after = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", later, "kaspi-poll:index-3")).JsonAsync();

        Assert.Equal((1, 1, 1), (after["new"]!.GetValue<int>(), after["created"]!.GetValue<int>(), after["contactsCreated"]!.GetValue<int>()));
        Assert.Equal(contactsBefore + 1, (await world.Control.GetAmoCrmContactsAsync()).Count);
        Assert.Equal(3, (await KaspiLeadNamesAsync(world)).Count);
    }

    [Fact]
    public async Task Poll_TheLookForAnEarlierAttemptsLeadFails_OnlyThatOrderWaits_StillNeedingTheLook()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        for (var i = 0; i < 3; i++)
        {
            await world.Control.AddOrderAsync($"66000000{i}", $"70160000{i:00}", created: s_created.AddSeconds(i));
        }

        // 660000000's earlier attempt ended without amoCRM's answer: its reservation ran out, so it needs a look first.
        using (await world.Api.GetAsync("/api/kaspi/watermark")) // the Api has migrated its database
        {
        }

        await using (var connection = new Npgsql.NpgsqlConnection(world.ConnectionString))
        {
            await connection.OpenAsync();
            await using var reserve = new Npgsql.NpgsqlCommand(
                "INSERT INTO processed_orders (kaspi_code, state, reserved_by, reserved_until, write_sent_at) VALUES ('660000000', 'reserved', 'dead-process', now() - interval '1 minute', now() - interval '6 minutes')",
                connection);
            await reserve.ExecuteNonQueryAsync();
        }

        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { PathPrefix = "/api/v4/leads", Method = "GET", QueryContains = "query=", Status5xxRate = 1, Status5xxCode = 502 });
        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };

        var first = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:look-1")).JsonAsync();

        Assert.Equal((3, 2, 1), (first["new"]!.GetValue<int>(), first["created"]!.GetValue<int>(), first["failed"]!.GetValue<int>()));
        Assert.DoesNotContain("Kaspi 660000000", await KaspiLeadNamesAsync(world));

        await world.Control.ClearFaultsAsync(FakeVendor.AmoCrm);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        var second = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:look-2")).JsonAsync();

        // Still uncertain, so the next poll looks before it writes: a search, then the lead.
        Assert.Equal((1, 1), (second["new"]!.GetValue<int>(), second["created"]!.GetValue<int>()));
        Assert.Contains(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads", "GET"), r => Uri.UnescapeDataString(r.Query).Contains("query=660000000", StringComparison.Ordinal));
        Assert.Single(await KaspiLeadNamesAsync(world), n => n == "Kaspi 660000000");
    }

    [Fact]
    public async Task Poll_WhileAnotherSyncHoldsTheLock_AnswersABusy503WithRetryAfter_NotATimeout_AndTheRepeatSyncs()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["Api:SyncLockWait"] = "00:00:01";
        await world.Control.AddOrderAsync("670000000", "7017000000", created: s_created);
        using (await world.Api.GetAsync("/api/kaspi/watermark")) // the Api has migrated its database
        {
        }

        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };
        await using (var other = new Npgsql.NpgsqlConnection(world.ConnectionString))
        {
            // Another sync (a call whose caller hung up, in this or another process) is running.
            await other.OpenAsync();
            await using (var hold = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({Prometei.Api.Persistence.AdvisoryLock.KaspiSync})", other))
            {
                await hold.ExecuteNonQueryAsync();
            }

            using var busy = await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:busy");

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Kaspi sync busy", System.Text.Json.Nodes.JsonNode.Parse(await busy.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
            Assert.Equal(0, (await world.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/ops/errors"))!["total"]!.GetValue<long>()); // waiting is no failure
            await using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock_all()", other);
            await release.ExecuteNonQueryAsync();
        }

        // The other sync is done; the 503 was not stored, so the same key runs again.
        var again = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:busy")).JsonAsync();

        Assert.Equal(1, again["created"]!.GetValue<int>());
        Assert.Single(await KaspiLeadNamesAsync(world), n => n == "Kaspi 670000000");
    }

    private static async Task<List<string>> KaspiLeadNamesAsync(ApiHarness world) =>
        (await world.Control.GetAmoCrmLeadsAsync()).Select(l => l.Name).Where(n => n.StartsWith("Kaspi 6", StringComparison.Ordinal)).Select(n => n.Split(' ')[0] + " " + n.Split(' ')[1]).ToList();
}
