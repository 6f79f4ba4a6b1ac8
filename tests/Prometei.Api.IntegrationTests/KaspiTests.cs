using System.Globalization;
using System.Net.Http.Json;
using System.Web;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class KaspiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task NewOrders_ThirtyDays_SplitIntoFourteenDayWindowsOneStateAtATimeAndEveryPageFromZero()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var now = DateTimeOffset.UtcNow;
        // 250 orders over the last 30 days, 210 of them on the last day (so one window needs three pages), a few in PICKUP.
        var orders = Enumerable.Range(0, 250).Select(i => new NewFakeKaspiOrder
        {
            Code = (600_000_000 + i).ToString(CultureInfo.InvariantCulture),
            State = i % 25 == 0 ? "PICKUP" : "NEW",
            Status = i % 25 == 0 ? "ACCEPTED_BY_MERCHANT" : "APPROVED_BY_BANK",
            CreationDate = i < 40 ? now.AddDays(-29).AddHours(i * 14) : now.AddDays(-1).AddMinutes((i - 40) * 2),
            Customer = new KaspiCustomer("Имя", "Фамилия", "70" + (30_000_000 + i).ToString(CultureInfo.InvariantCulture)),
        });
        await world.Control.AddOrdersAsync(orders);
        // An order in a state we do not poll, and one older than the range.
        await world.Control.AddOrderAsync("699999998", "7001112299", state: "ARCHIVE");
        await world.Control.AddOrderAsync("699999999", "7001112299", created: now.AddDays(-40));
        await world.Control.ClearRequestsAsync(FakeVendor.Kaspi);

        var found = await world.Api.NewOrdersAsync(now.AddDays(-30));

        Assert.Equal(250, found.Count);
        Assert.All(found, o => Assert.NotEmpty(o!["entries"]!.AsArray()));
        var lists = (await world.Control.GetRequestsAsync(FakeVendor.Kaspi, "/shop/api/v2/orders", "GET"))
            .Where(r => r.Path == "/shop/api/v2/orders")
            .Select(r => HttpUtility.ParseQueryString(r.Query))
            .ToList();
        Assert.All(lists, q =>
        {
            var width = long.Parse(q["filter[orders][creationDate][$le]"]!, CultureInfo.InvariantCulture) - long.Parse(q["filter[orders][creationDate][$ge]"]!, CultureInfo.InvariantCulture);
            Assert.InRange(width, 0, (long)TimeSpan.FromDays(14).TotalMilliseconds);
            Assert.Equal("100", q["page[size]"]);
            Assert.DoesNotContain(",", q["filter[orders][state]"]!, StringComparison.Ordinal);
        });
        var windows = lists.Select(q => q["filter[orders][creationDate][$ge]"]).Distinct().Count();
        Assert.Equal(3, windows);                                                 // 30 days and the overlap → 3 windows
        Assert.Equal(5, lists.Select(q => q["filter[orders][state]"]).Distinct().Count());
        var pages = lists.Where(q => q["filter[orders][state]"] == "NEW").GroupBy(q => q["filter[orders][creationDate][$ge]"])
            .Select(g => g.Select(q => int.Parse(q["page[number]"]!, CultureInfo.InvariantCulture)).Order().ToList())
            .ToList();
        Assert.All(pages, p => Assert.Equal(Enumerable.Range(0, p.Count), p));
        Assert.Contains(pages, p => p.Count == 3);                                 // the busy window: 202 NEW orders → pages 0, 1, 2
        Assert.Equal(250, (await world.Control.GetRequestsAsync(FakeVendor.Kaspi, "/shop/api/v2/orders/")).Count(r => r.Path.EndsWith("/entries", StringComparison.Ordinal)));
        Assert.All(await world.Control.GetRequestsAsync(FakeVendor.Kaspi), r =>
        {
            Assert.Equal(200, r.Status);
            Assert.Equal("application/vnd.api+json", r.Headers["Accept"]);
            Assert.Equal("***", r.Headers["X-Auth-Token"]);
        });
    }

    [Fact]
    public async Task NewOrders_SeveralStatesInOneRequestOrLookBackRule_StillWork()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.SetKaspiBehaviorAsync(new KaspiBehavior { SearchPeriodRule = KaspiSearchPeriodRule.LookBack });
        await world.Control.AddOrderAsync("610000001", "7001234500");

        // A 20-day look-back: the oldest window is refused under the look-back reading, and skipped; recent orders still come.
        var found = await world.Api.NewOrdersAsync(DateTimeOffset.UtcNow.AddDays(-20));
        Assert.Equal("610000001", Assert.Single(found)!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task NewOrdersAndSync_LinesServedInPagesAndListsWithoutMeta_EveryOrderAndLineReachesAmoCrm()
    {
        // Kaspi paging an order's lines and answering lists without meta.pageCount (neither promised nor excluded by the guide).
        // Before: the first page of lines only (the items note lacked the rest), and no list page after the first (orders lost).
        await using var world = await ApiHarness.StartAsync(postgres);
        world.Settings["Kaspi:PageSize"] = "2";
        await world.Control.SetKaspiBehaviorAsync(new KaspiBehavior { EntriesPageSize = 2, OrdersWithoutMeta = true });
        var now = DateTimeOffset.UtcNow;
        await world.Control.AddOrdersAsync(Enumerable.Range(0, 3).Select(i => new NewFakeKaspiOrder
        {
            Code = "62000000" + i.ToString(CultureInfo.InvariantCulture),
            CreationDate = now.AddMinutes(i - 10),
            Customer = new KaspiCustomer("Ерлан", "Ахметов", "+7 (701) 222-33-4" + i.ToString(CultureInfo.InvariantCulture)),
            Entries =
            [
                new NewFakeKaspiEntry { OfferCode = "SKU-1", OfferName = "Смартфон Example X", BasePrice = 179990.0m },
                new NewFakeKaspiEntry { OfferCode = "SKU-2", OfferName = "Чехол-книжка", Quantity = 3, BasePrice = 2500.5m },
                new NewFakeKaspiEntry { OfferCode = "SKU-3", OfferName = "Кабель USB-C", BasePrice = 990.0m },
            ],
        }));

        var found = await world.Api.NewOrdersAsync(expected: 3);
        Assert.All(found, o => Assert.Equal(["SKU-1", "SKU-2", "SKU-3"], o!["entries"]!.AsArray().Select(e => e!["offerCode"]!.GetValue<string>())));
        var result = await world.Api.SyncAsync(found);

        Assert.Equal(3, result["created"]!.GetValue<int>());
        var notes = await world.Control.GetAmoCrmNotesAsync();
        foreach (var code in new[] { "620000000", "620000001", "620000002" })
        {
            var note = Assert.Single(notes, n => n.Text?.Contains(code, StringComparison.Ordinal) == true);
            Assert.Contains("Кабель USB-C", note.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Probe_FindsTheWorkingBaseUrlAndChecksTheToken()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.Settings["Kaspi:ProbeCandidates:0"] = "http://127.0.0.1:1/shop/api/v2/");
        var probe = (await world.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/ops/kaspi/probe"))!;

        Assert.Equal(world.Fakes.KaspiBaseUrl.AbsoluteUri, probe["workingBaseUrl"]!.GetValue<string>());
        Assert.True(probe["tokenAccepted"]!.GetValue<bool>());
        Assert.True(probe["configuredBaseUrlWorks"]!.GetValue<bool>());
        Assert.Contains(probe["candidates"]!.AsArray(), c => c!["baseUrl"]!.GetValue<string>().StartsWith("http://127.0.0.1:1/", StringComparison.Ordinal) && !c["works"]!.GetValue<bool>());

        await using var wrongToken = await ApiHarness.StartAsync(postgres, o => o.Settings["KASPI_API_TOKEN"] = "wrong-token");
        var refused = (await wrongToken.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/ops/kaspi/probe"))!;
        Assert.False(refused["tokenAccepted"]!.GetValue<bool>());
        Assert.Null(refused["workingBaseUrl"]);
    }
}
