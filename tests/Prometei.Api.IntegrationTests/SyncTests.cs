using System.Globalization;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class SyncTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Sync_ThousandOrders_NoTooManyRequestsAndAtMostOneHundredAmoCrmRequests()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var orders = Backlog(1000, customers: 700).ToList();
        await world.Control.AddOrdersAsync(orders);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        var fresh = await world.Api.NewOrdersAsync();
        Assert.Equal(1000, fresh.Count);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await world.Api.SyncAsync(fresh);
        output.WriteLine($"sync of 1000 orders: {started.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(1000, result["created"]!.GetValue<int>());
        Assert.Equal(0, result["failed"]!.GetValue<int>());
        var amo = await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/");
        Assert.Equal(0, amo.Count(r => r.Status == 429 || r.Fault is not null));
        output.WriteLine($"amoCRM requests: {amo.Count} ({string.Join(", ", amo.GroupBy(r => r.Method + " " + r.Path).Select(g => $"{g.Key} × {g.Count()}"))})");
        Assert.InRange(amo.Count, 1, 100);

        var leads = await world.Control.GetAmoCrmLeadsAsync();
        Assert.Equal(1000, leads.Count(l => l.Name.StartsWith("Kaspi ", StringComparison.Ordinal) && l.Id != AmoCrmSeedIds.SeedLeadId));
        Assert.All(leads.Where(l => l.Id != AmoCrmSeedIds.SeedLeadId), l => Assert.Equal(AmoCrmSeedIds.NewOrderStatusId, l.StatusId));
        await AssertOneContactPerPhoneAsync(world);
        Assert.Equal(1000, (await world.Control.GetAmoCrmNotesAsync()).Count(n => n.Text?.Contains("Товары", StringComparison.Ordinal) == true));

        // Everything is in the ledger: a replay with a new key touches neither vendor's write API.
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        var again = await world.Api.SyncAsync(fresh);
        Assert.Equal(1000, again["alreadyProcessed"]!.GetValue<int>());
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, method: "POST"));
        Assert.Empty(await world.Api.NewOrdersAsync());
    }

    [Fact]
    public async Task Sync_PhoneFormats_OneContactPerCustomer()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        // Айгерим exists in amoCRM as +77071234567; Даурен's ИИН holds her digits (amoCRM's fuzzy search finds him too).
        foreach (var (code, phone) in new[] { ("910001", "7071234567"), ("910002", "87071234567"), ("910003", "+7 (707) 123-45-67"), ("910004", "77071234567") })
        {
            await world.Control.AddOrderAsync(code, phone);
        }

        // A new customer, two formats in one batch.
        await world.Control.AddOrderAsync("910005", "7001112233", "Болат", "Нурланов");
        await world.Control.AddOrderAsync("910006", "8 (700) 111-22-33", "Болат", "Нурланов");

        var result = await world.Api.SyncAsync(await world.Api.NewOrdersAsync(expected: 6));
        Assert.Equal(6, result["created"]!.GetValue<int>());

        // The same new customer again, in a later batch.
        await world.Control.AddOrderAsync("910007", "+77001112233", "Болат", "Нурланов");
        var later = await world.Api.SyncAsync(await world.Api.NewOrdersAsync(expected: 1));
        Assert.Equal(1, later["created"]!.GetValue<int>());

        var leads = (await world.Control.GetAmoCrmLeadsAsync()).Where(l => l.Name.StartsWith("Kaspi 9100", StringComparison.Ordinal)).ToList();
        Assert.All(leads.Where(l => string.CompareOrdinal(l.Name, "Kaspi 910005") < 0), l => Assert.Equal(AmoCrmSeedIds.AigerimContactId, l.MainContactId));
        var bolat = leads.Where(l => string.CompareOrdinal(l.Name, "Kaspi 910005") >= 0).Select(l => l.MainContactId).Distinct().ToList();
        Assert.Single(bolat);
        Assert.NotEqual(AmoCrmSeedIds.AigerimContactId, bolat[0]);
        var contacts = await world.Control.GetAmoCrmContactsAsync();
        Assert.Equal(6, contacts.Count);                     // 5 seeded + Болат
        Assert.Empty((await world.Control.GetAmoCrmContactsAsync()).Single(c => c.Id == AmoCrmSeedIds.DaurenContactId).LeadIds);
        await AssertOneContactPerPhoneAsync(world);
    }

    [Fact]
    public async Task Sync_MaskedAndMalformedPhones_NoMergedCustomersAndNoContactPerOrder()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var contactsBefore = (await world.Control.GetAmoCrmContactsAsync()).Count;
        // Two customers whose masked phones leave the same digits (Kaspi hides the middle), one whose phone is too short,
        // and one with none; several orders each, across two syncs.
        var customers = new[]
        {
            ("Жанар", "Омарова", "707***4567"),
            ("Ерлан", "Жумабаев", "+7 (707) ***-45-67"),
            ("Сауле", "Ахметова", "70712"),
            ("Нурлан", "Беков", ""),
        };
        var code = 940000;
        for (var round = 0; round < 2; round++)
        {
            foreach (var (first, last, phone) in customers)
            {
                for (var i = 0; i < 2; i++)
                {
                    await world.Control.AddOrderAsync((code++).ToString(CultureInfo.InvariantCulture), phone, first, last);
                }
            }

            var result = await world.Api.SyncAsync(await world.Api.NewOrdersAsync(expected: 8));
            Assert.Equal(8, result["created"]!.GetValue<int>());
            Assert.Equal(0, result["contactsCreated"]!.GetValue<int>());
        }

        // No contact at all: none per order, none shared by Жанар and Ерлан (a known customer's contact is not touched either).
        Assert.Equal(contactsBefore, (await world.Control.GetAmoCrmContactsAsync()).Count);
        var leads = (await world.Control.GetAmoCrmLeadsAsync()).Where(l => l.Name.StartsWith("Kaspi 94", StringComparison.Ordinal)).ToList();
        Assert.Equal(16, leads.Count);
        Assert.All(leads, l => Assert.Empty(l.ContactIds));
        Assert.All(leads, l => Assert.Contains("Проверить телефон", l.Tags));
        Assert.All(leads, l => Assert.Contains("Kaspi", l.Tags));

        // Each lead carries its customer's name (and the line items) in a note, for a human to match.
        var notes = await world.Control.GetAmoCrmNotesAsync();
        foreach (var lead in leads)
        {
            var note = Assert.Single(notes, n => n.EntityId == lead.Id);
            var index = (int.Parse(lead.Name["Kaspi ".Length..], CultureInfo.InvariantCulture) - 940000) % 8 / 2;
            Assert.Contains($"Покупатель: {customers[index].Item1} {customers[index].Item2}.", note.Text, StringComparison.Ordinal);
            Assert.Contains("Товары", note.Text, StringComparison.Ordinal);
        }

        Assert.Equal(16, await world.ScalarAsync("SELECT coalesce(sum(value), 0) FROM daily_stats WHERE metric = 'orders_phone_review'"));
    }

    [Fact]
    public async Task Sync_ConcurrentCallsAndReplays_CreateEachOrderOnce()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrdersAsync(Backlog(120, customers: 80));
        var orders = await world.Api.NewOrdersAsync();

        var calls = Enumerable.Range(0, 4).Select(_ => world.Api.SyncAnswerAsync(orders)).ToList();
        var answers = await Task.WhenAll(calls);

        // A call that found every order held by another answers 503 (retry later, not stored); the others 200.
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 503 }));
        var results = answers.Select(a => a.Body).ToList();
        Assert.Equal(120, answers.Where(a => a.Status == 200).Sum(a => a.Body["created"]!.GetValue<int>()));
        Assert.All(results.SelectMany(r => r["orders"]!.AsArray()), o =>
            Assert.Contains(o!["outcome"]!.GetValue<string>(), new[] { "created", "already_processed", "in_progress" }));
        var leads = await world.Control.GetAmoCrmLeadsAsync();
        Assert.Equal(120, leads.Count(l => l.Id != AmoCrmSeedIds.SeedLeadId));
        Assert.Equal(120, leads.Where(l => l.Id != AmoCrmSeedIds.SeedLeadId).Select(l => l.Name).Distinct().Count());
        Assert.Equal(120, await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE state = 'synced'"));
        await AssertOneContactPerPhoneAsync(world);
    }

    [Fact]
    public async Task Sync_LostAnswer_LooksTheLeadUpInsteadOfCreatingASecond()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("920001", "7002223344", "Алия", "Ким");
        var orders = await world.Api.NewOrdersAsync();
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { DropResponseRate = 1, PathPrefix = "/api/v4/leads/complex" });

        var (status, first) = await world.Api.SyncAnswerAsync(orders);
        Assert.Equal(503, status); // nothing done: not stored, a retry with the same key runs again
        Assert.Equal("failed", first["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.Single(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 920001");

        // The reservation's lease is over at once (no definite answer); the next attempt finds the lead.
        await world.Control.ClearFaultsAsync(FakeVendor.AmoCrm);
        var second = await world.Api.SyncAsync(orders);
        Assert.Equal("already_processed", second["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.Single(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 920001");
        Assert.Single(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads/complex", "POST"));
    }

    [Fact]
    public async Task Sync_OrdersHeldByADeadProcess_ARetryWithTheSameKeyRunsAgainOnceTheReservationRunsOut()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("950001", "7005556677", "Ерлан", "Омаров");
        var orders = await world.Api.NewOrdersAsync(expected: 1);

        // A sync in a process that was then SIGKILLed as its write went out left the order reserved; its reservation has
        // minutes to run.
        Assert.Equal(1, await world.ScalarAsync("""
            WITH r AS (INSERT INTO processed_orders (kaspi_code, state, reserved_by, reserved_until, attempts, write_sent_at)
                       VALUES ('950001', 'reserved', 'vm:4242:dead', now() + interval '5 minutes', 1, now()) RETURNING 1)
            SELECT count(*) FROM r
            """));
        var (held, body) = await world.Api.SyncAnswerAsync(orders, key: "poll-1:0");
        Assert.Equal(503, held);
        Assert.Equal("in_progress", body["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.DoesNotContain(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 950001");

        // The reservation runs out; the workflow's retry sends the same key and the sync runs (not a replay of "in progress").
        Assert.Equal(1, await world.ScalarAsync("""
            WITH r AS (UPDATE processed_orders SET reserved_until = now() - interval '1 second' WHERE kaspi_code = '950001' RETURNING 1)
            SELECT count(*) FROM r
            """));
        var (done, again) = await world.Api.SyncAnswerAsync(orders, key: "poll-1:0");
        Assert.Equal(200, done);
        Assert.Equal("created", again["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.Single(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 950001");
    }

    [Fact]
    public async Task Sync_OrdersAStoppedSyncNeverSent_AreTakenAtOnce_WithNoLookUp()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("950002", "7005556678", "Ерлан", "Омаров");
        var orders = await world.Api.NewOrdersAsync(expected: 1);

        // A sync SIGKILLed before its write of the order went out: the reservation has minutes to run, nothing was sent.
        Assert.Equal(1, await world.ScalarAsync("""
            WITH r AS (INSERT INTO processed_orders (kaspi_code, state, reserved_by, reserved_until, attempts)
                       VALUES ('950002', 'reserved', 'vm:4242:dead', now() + interval '5 minutes', 1) RETURNING 1)
            SELECT count(*) FROM r
            """));
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        var (status, body) = await world.Api.SyncAnswerAsync(orders);

        Assert.Equal(200, status);
        Assert.Equal("created", body["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.Single(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 950002");
        Assert.DoesNotContain(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads", "GET"), r => Uri.UnescapeDataString(r.Query).Contains("query=950002", StringComparison.Ordinal));
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE kaspi_code = '950002' AND state = 'synced' AND write_sent_at IS NULL"));
    }

    [Fact]
    public async Task Sync_RecordsTheWriteAsSent_BeforeAmoCrmAnswers()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("950003", "7005556679", "Ерлан", "Омаров");
        var orders = await world.Api.NewOrdersAsync(expected: 1);
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { PathPrefix = "/api/v4/leads", Method = "POST", LatencyMs = 1500 });

        // While amoCRM has not answered, the ledger already says the write went out: a kill now leaves the order held for a
        // look-up, never free for a second write.
        var sync = world.Api.SyncAnswerAsync(orders);
        var sentWhileWaiting = false;
        for (var i = 0; i < 200 && !sync.IsCompleted && !sentWhileWaiting; i++)
        {
            sentWhileWaiting = await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE kaspi_code = '950003' AND state = 'reserved' AND write_sent_at IS NOT NULL") == 1;
            await Task.Delay(20);
        }

        Assert.True(sentWhileWaiting, "write_sent_at was not set while the request was in flight");
        Assert.DoesNotContain(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 950003");
        var (status, _) = await sync;
        Assert.Equal(200, status);
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE kaspi_code = '950003' AND state = 'synced' AND write_sent_at IS NULL"));
    }

    [Fact]
    public async Task OrderStore_AReservationTakenOverBeforeItsWriteWentOut_IsNotSentByItsFormerHolder()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using (await world.Api.GetAsync("/api/kaspi/watermark")) // the Api has migrated its database
        {
        }

        await using var db = Npgsql.NpgsqlDataSource.Create(world.ConnectionString);
        var store = new Prometei.Api.Ledger.ProcessedOrderStore(db);
        var order = new Prometei.Api.Ledger.OrderClaimRequest("950004", null, "NEW", "APPROVED_BY_BANK", 1000m, null);

        var first = Assert.Single(await store.ClaimAsync([order], "sync-a", TimeSpan.FromMinutes(5), takeUnsent: true, CancellationToken.None));
        var second = Assert.Single(await store.ClaimAsync([order], "sync-b", TimeSpan.FromMinutes(5), takeUnsent: true, CancellationToken.None));
        var third = Assert.Single(await store.ClaimAsync([order], "sync-c", TimeSpan.FromMinutes(5), takeUnsent: false, CancellationToken.None));

        Assert.Equal(Prometei.Api.Ledger.OrderClaimKind.Claimed, first.Kind);
        Assert.Equal(Prometei.Api.Ledger.OrderClaimKind.Claimed, second.Kind); // sync-a never sent it
        Assert.Equal(Prometei.Api.Ledger.OrderClaimKind.InProgress, third.Kind); // not told it may take unsent ones
        Assert.Empty(await store.MarkSentAsync(["950004"], "sync-a"));
        Assert.Equal(["950004"], await store.MarkSentAsync(["950004"], "sync-b"));
        var fourth = Assert.Single(await store.ClaimAsync([order], "sync-d", TimeSpan.FromMinutes(5), takeUnsent: true, CancellationToken.None));
        Assert.Equal(Prometei.Api.Ledger.OrderClaimKind.InProgress, fourth.Kind); // sync-b's write went out
    }

    [Fact]
    public async Task Sync_ValidationErrorOnOneOrder_CreatesTheOthers()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.Settings["AmoCrm:KaspiCodeFieldId"] = "999999");
        await world.Control.AddOrderAsync("930001", "7003334455");
        var orders = await world.Api.NewOrdersAsync();

        // An unknown field id makes amoCRM refuse the whole batch with validation-errors naming every item.
        var (status, result) = await world.Api.SyncAnswerAsync(orders);
        Assert.Equal(503, status);
        Assert.Equal(1, result["failed"]!.GetValue<int>());
        Assert.Contains("400", result["orders"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE state = 'failed'"));
        Assert.DoesNotContain(await world.Control.GetAmoCrmLeadsAsync(), l => l.Name == "Kaspi 930001");
    }

    internal static IEnumerable<NewFakeKaspiOrder> Backlog(int count, int customers, DateTimeOffset? created = null)
    {
        var now = created ?? DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < count; i++)
        {
            var customer = i % customers;
            var digits = "70" + (20_000_000 + customer).ToString(CultureInfo.InvariantCulture);
            // Kaspi's 10 digits for a first order, other formats for repeat orders.
            var phone = (i / customers) switch
            {
                0 => digits,
                1 => "8" + digits,
                _ => $"+7 ({digits[..3]}) {digits[3..6]}-{digits[6..8]}-{digits[8..]}",
            };
            yield return new NewFakeKaspiOrder
            {
                Code = (500_000_000 + i).ToString(CultureInfo.InvariantCulture),
                CreationDate = now.AddSeconds(i % 300),
                Customer = new KaspiCustomer("Покупатель" + customer.ToString(CultureInfo.InvariantCulture), "Тестов", phone),
                Entries = [new NewFakeKaspiEntry { OfferCode = "SKU-" + (i % 17).ToString(CultureInfo.InvariantCulture), OfferName = "Товар", Quantity = 1 + (i % 3), BasePrice = 1990m }],
            };
        }
    }

    internal static async Task AssertOneContactPerPhoneAsync(ApiHarness world)
    {
        var contacts = await world.Control.GetAmoCrmContactsAsync();
        var byPhone = contacts.SelectMany(c => c.Phones.Select(p => (Phone: PhoneNumbers.Normalize(p), c.Id))).Where(p => p.Phone is not null).GroupBy(p => p.Phone);
        Assert.All(byPhone, g => Assert.True(g.Select(p => p.Id).Distinct().Count() == 1, $"{g.Count()} contacts share a phone"));
    }
}
