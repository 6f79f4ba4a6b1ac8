using System.Net;
using System.Net.Http.Json;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// Each vendor round trip in one gateway call: an ERP task reads the lead once (and only the contacts its template uses); a
/// Kaspi poll reads, syncs and advances the watermark, once per timer slot.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class GatewayRoundTripTests(PostgresFixture postgres)
{
    // The maintenance loop's webhook-list read may fall in between; it is not the task's.
    [Fact]
    public async Task ErpTask_DefaultTemplate_ReadsTheLeadOnceAndItsMainContact()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        using var task = await world.Api.PostIdempotentAsync("/api/erp/tasks", new { leadId = AmoCrmSeedIds.SeedLeadId });

        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        var reads = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/")).Where(r => !r.Path.StartsWith("/api/v4/webhooks", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path.Split('?')[0]}").ToList();
        Assert.Equal([$"GET /api/v4/leads/{AmoCrmSeedIds.SeedLeadId}", $"GET /api/v4/contacts/{AmoCrmSeedIds.AigerimContactId}"], reads);
        Assert.Contains("Айгерим", (await world.Control.GetErpTasksAsync()).Single().Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErpTask_TemplateWithoutContacts_ReadsTheLeadOnlyAndKeepsNothingForLater()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["Erp:TaskTemplate"] = """{"title":"{{lead.name}}","amoLeadId":"{{lead.id}}"}""";
        world.Settings["Erp:Texts:taskTitle"] = "{{lead.name}}";
        world.Settings["Erp:Texts:taskDescription"] = "{{lead.price}}";
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        using (var first = await world.Api.PostIdempotentAsync("/api/erp/tasks", new { leadId = AmoCrmSeedIds.SeedLeadId }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // A second task of the same lead (another status change) reads it again: no process-local cache stands in.
        using (var second = await world.Api.PostIdempotentAsync("/api/erp/tasks", new { leadId = AmoCrmSeedIds.SeedLeadId }))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        var reads = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/")).Where(r => !r.Path.StartsWith("/api/v4/webhooks", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path.Split('?')[0]}").ToList();
        Assert.Equal([$"GET /api/v4/leads/{AmoCrmSeedIds.SeedLeadId}", $"GET /api/v4/leads/{AmoCrmSeedIds.SeedLeadId}"], reads);
    }

    [Fact]
    public async Task KaspiPoll_ABacklogOfOneBatch_OneCallReadsSyncsAndAdvances_AndAReplayOfTheSlotTouchesNoVendor()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrdersAsync(SyncTests.Backlog(100, customers: 75));
        await world.Control.ClearRequestsAsync(FakeVendor.Kaspi);
        var slot = DateTimeOffset.UtcNow;
        var body = new { until = slot.ToUnixTimeMilliseconds(), firstPollDays = 1 };

        var first = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:slot-1")).JsonAsync();

        Assert.Equal(100, first["new"]!.GetValue<int>());
        Assert.Equal(100, first["created"]!.GetValue<int>());
        Assert.Null(first["watermark"]);
        var kaspi = await world.Control.GetRequestsAsync(FakeVendor.Kaspi);
        Assert.Equal(100, kaspi.Count(r => r.Path.Contains("/entries", StringComparison.Ordinal)));
        Assert.InRange(kaspi.Count, 100, 112); // one per new order's entries, plus the pages
        var stored = await world.Api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/kaspi/watermark");
        Assert.Equal(first["nextWatermark"]!.GetValue<long>(), stored!["watermark"]!.GetValue<long>());

        // The slot again (a crash, a retry): the stored answer, and neither vendor hears of it.
        await world.Control.ClearRequestsAsync(FakeVendor.Kaspi);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        using var replay = await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:slot-1");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.ToJsonString(), (await replay.JsonAsync()).ToJsonString());
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.Kaspi));
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));

        // The next slot starts from the watermark: the orders are read back (the overlap) and none is new.
        var next = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", new { until = slot.AddMinutes(1).ToUnixTimeMilliseconds() }, "kaspi-poll:slot-2")).JsonAsync();
        Assert.Equal(0, next["new"]!.GetValue<int>());
        Assert.Equal(100, next["alreadyProcessed"]!.GetValue<int>());
        Assert.Equal(first["nextWatermark"]!.GetValue<long>(), next["watermark"]!.GetValue<long>());
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, method: "POST"));
        Assert.Equal(100, (await world.Control.GetAmoCrmLeadsAsync()).Count(l => l.Name.StartsWith("Kaspi 5", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task KaspiPoll_ABacklogLargerThanTheBatch_IsTakenOldestFirstInBoundedCalls_TheWatermarkStopsBeforeWhatIsLeft()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["Kaspi:PollBatch"] = "50";
        var backlog = SyncTests.Backlog(120, customers: 90).ToList();
        await world.Control.AddOrdersAsync(backlog);
        var created = backlog.ToDictionary(o => o.Code!, o => o.CreationDate!.Value.ToUnixTimeMilliseconds());
        var oldestFirst = backlog.OrderBy(o => o.CreationDate).ThenBy(o => o.Code, StringComparer.Ordinal).Select(o => o.Code!).ToList();
        await world.Control.ClearRequestsAsync(FakeVendor.Kaspi);
        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };

        var first = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:slot-1")).JsonAsync();

        // The 50 oldest, with their entries only; the watermark stops just before the oldest order left.
        Assert.Equal((50, 50, 70), (first["new"]!.GetValue<int>(), first["created"]!.GetValue<int>(), first["left"]!.GetValue<int>()));
        Assert.Equal(50, (await world.Control.GetRequestsAsync(FakeVendor.Kaspi)).Count(r => r.Path.Contains("/entries", StringComparison.Ordinal)));
        Assert.Equal(oldestFirst.Take(50).Order(StringComparer.Ordinal), (await KaspiLeadCodes()).Order(StringComparer.Ordinal));
        Assert.Equal(created[oldestFirst[50]] - 1, first["nextWatermark"]!.GetValue<long>());

        var second = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:slot-1:2")).JsonAsync();
        Assert.Equal((50, 50, 20), (second["new"]!.GetValue<int>(), second["created"]!.GetValue<int>(), second["left"]!.GetValue<int>()));
        Assert.Equal(created[oldestFirst[100]] - 1, second["nextWatermark"]!.GetValue<long>());

        var third = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:slot-1:3")).JsonAsync();
        Assert.Equal((20, 20, 0), (third["new"]!.GetValue<int>(), third["created"]!.GetValue<int>(), third["left"]!.GetValue<int>()));
        Assert.Equal(created.Values.Max(), third["nextWatermark"]!.GetValue<long>());

        var codes = await KaspiLeadCodes();
        Assert.Equal(120, codes.Count);
        Assert.Equal(120, codes.Distinct(StringComparer.Ordinal).Count());
        // Every order's entries were read once: a batch reads only its own.
        Assert.Equal(120, (await world.Control.GetRequestsAsync(FakeVendor.Kaspi)).Count(r => r.Path.Contains("/entries", StringComparison.Ordinal)));

        async Task<List<string>> KaspiLeadCodes() =>
            (await world.Control.GetAmoCrmLeadsAsync()).Select(l => l.Name).Where(n => n.StartsWith("Kaspi 5", StringComparison.Ordinal)).Select(n => n["Kaspi ".Length..].Split(' ')[0]).ToList();
    }

    [Fact]
    public async Task KaspiPoll_OrdersHeldByALiveSync_AreNotTaken_TheOthersAre_AndTheWatermarkWaitsForThem()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["Kaspi:PollBatch"] = "5";
        var backlog = SyncTests.Backlog(10, customers: 10).ToList();
        await world.Control.AddOrdersAsync(backlog);
        var oldestFirst = backlog.OrderBy(o => o.CreationDate).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();
        var heldCodes = oldestFirst.Take(3).Select(o => o.Code!).ToArray();
        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };
        // The three oldest are reserved by a sync in another process (killed, say) that had sent their write and whose lease
        // runs 5 more minutes.
        await ReserveForFiveMinutesAsync(world, heldCodes, writeSent: true);

        var first = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:held-1")).JsonAsync();
        var second = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:held-1:2")).JsonAsync();

        // Not "none of the 5 could be synced": the held ones are skipped, the next five taken, then the last two.
        Assert.Equal((5, 5, 3, 2), (first["new"]!.GetValue<int>(), first["created"]!.GetValue<int>(), first["inProgress"]!.GetValue<int>(), first["left"]!.GetValue<int>()));
        Assert.Equal((2, 2, 3, 0), (second["new"]!.GetValue<int>(), second["created"]!.GetValue<int>(), second["inProgress"]!.GetValue<int>(), second["left"]!.GetValue<int>()));
        var heldSince = oldestFirst[0].CreationDate!.Value.ToUnixTimeMilliseconds() - 1;
        Assert.Equal(heldSince, second["nextWatermark"]!.GetValue<long>());
        var names = (await world.Control.GetAmoCrmLeadsAsync()).Select(l => l.Name).ToList();
        Assert.Equal(7, names.Count(n => n.StartsWith("Kaspi 5", StringComparison.Ordinal)));
        Assert.DoesNotContain(names, n => heldCodes.Any(c => n == "Kaspi " + c));
    }

    [Fact]
    public async Task KaspiPoll_OrdersReservedByAStoppedSyncThatWroteNothing_AreTakenAtOnce_NotAfterTheLease()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var backlog = SyncTests.Backlog(4, customers: 4).ToList();
        await world.Control.AddOrdersAsync(backlog);
        var codes = backlog.Select(o => o.Code!).ToArray();
        var body = new { until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), firstPollDays = 1 };
        // A sync reserved them and stopped before any write went out (the database went away under it, so it could not even
        // release them): its reservations' lease runs 5 more minutes.
        await ReserveForFiveMinutesAsync(world, codes, writeSent: false);

        var poll = await (await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", body, "kaspi-poll:unsent-1")).JsonAsync();

        Assert.Equal((4, 4, 0), (poll["new"]!.GetValue<int>(), poll["created"]!.GetValue<int>(), poll["inProgress"]!.GetValue<int>()));
        var names = (await world.Control.GetAmoCrmLeadsAsync()).Select(l => l.Name).ToList();
        Assert.All(codes, c => Assert.Single(names, n => n.StartsWith("Kaspi " + c, StringComparison.Ordinal)));
    }

    /// <summary>Reserves the orders for another sync (a process gone or stopped) whose lease runs 5 more minutes.</summary>
    private static async Task ReserveForFiveMinutesAsync(ApiHarness world, string[] codes, bool writeSent)
    {
        using var started = await world.Api.GetAsync("/api/kaspi/watermark"); // the Api has migrated its database
        await using var connection = new Npgsql.NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var reserve = new Npgsql.NpgsqlCommand(
            """
            INSERT INTO processed_orders (kaspi_code, state, reserved_by, reserved_until, write_sent_at)
            SELECT unnest($1::text[]), 'reserved', 'another-sync', now() + interval '5 minutes', CASE WHEN $2 THEN now() END
            """,
            connection);
        reserve.Parameters.Add(new Npgsql.NpgsqlParameter { Value = codes });
        reserve.Parameters.Add(new Npgsql.NpgsqlParameter { Value = writeSent });
        await reserve.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task KaspiPoll_BadInput_Is400()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using var badDays = await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", new { firstPollDays = 0 });
        using var badUntil = await world.Api.PostIdempotentAsync("/api/kaspi/orders/poll", new { until = "yesterday" });
        using var noKey = await world.Api.PostAsJsonAsync("/api/kaspi/orders/poll", new { });

        Assert.Equal(HttpStatusCode.BadRequest, badDays.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUntil.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("application/problem+json", badDays.Content.Headers.ContentType?.MediaType);
    }
}
