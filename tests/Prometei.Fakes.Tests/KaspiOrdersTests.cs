using System.Net;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

public sealed class KaspiOrdersTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData("page[size]=20")]
    [InlineData("page[number]=0")]
    [InlineData("")]
    public async Task Missing_page_parameters_answer_400(string paging)
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();

        var (response, body) = await fakes.SendKaspiAsync(http, $"orders?{paging}&{Filter(s_now.AddDays(-1), s_now)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]![0]!["title"]);
    }

    [Theory]
    [InlineData(100, HttpStatusCode.OK)]
    [InlineData(101, HttpStatusCode.BadRequest)]
    public async Task Page_size_is_at_most_100(int size, HttpStatusCode expected)
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();

        var (response, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]={size}&{Filter(s_now.AddDays(-1), s_now)}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(14 * 24, HttpStatusCode.OK)]
    [InlineData((14 * 24) + 1, HttpStatusCode.BadRequest)]
    public async Task The_search_period_is_at_most_14_days(int hours, HttpStatusCode expected)
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();

        var (response, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&{Filter(s_now.AddHours(-hours), s_now)}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task An_old_window_is_fine_by_width_and_refused_as_look_back_when_switched()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        var query = $"orders?page[number]=0&page[size]=10&{Filter(s_now.AddDays(-40), s_now.AddDays(-30))}";

        var (byWidth, _) = await fakes.SendKaspiAsync(http, query);
        await fakes.Control.SetKaspiBehaviorAsync(new KaspiBehavior { SearchPeriodRule = KaspiSearchPeriodRule.LookBack });
        var (byLookBack, _) = await fakes.SendKaspiAsync(http, query);

        Assert.Equal(HttpStatusCode.OK, byWidth.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byLookBack.StatusCode);
    }

    [Fact]
    public async Task Pages_count_from_zero_and_meta_tells_how_many()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        for (var i = 0; i < 5; i++)
        {
            await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = $"70000000{i}", CreationDate = s_now.AddMinutes(-50 + i) });
        }

        var pages = new List<JsonObject>();
        for (var page = 0; page < 4; page++)
        {
            pages.Add((await fakes.SendKaspiAsync(http, $"orders?page[number]={page}&page[size]=2&{Filter(s_now.AddHours(-1), s_now.AddMinutes(1))}")).Body!);
        }

        Assert.Equal(["700000000", "700000001"], Codes(pages[0]));
        Assert.Equal(["700000002", "700000003"], Codes(pages[1]));
        Assert.Equal(["700000004"], Codes(pages[2]));
        Assert.Empty(Codes(pages[3]));
        Assert.Equal(3, pages[0]["meta"]!["pageCount"]!.GetValue<int>());
        Assert.Equal(5, pages[0]["meta"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_order_reads_as_json_api_with_a_ten_digit_phone_and_money_with_fractions()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        var order = await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder
        {
            Code = "785512309",
            Customer = new KaspiCustomer("Айгерим", "Сапарова", "7071234567"),
            Entries =
            [
                new NewFakeKaspiEntry { OfferCode = "SKU-PH-0451", OfferName = "Смартфон Example X 256 ГБ черный", BasePrice = 179990m, IsImeiRequired = true },
                new NewFakeKaspiEntry { OfferCode = "SKU-CS-0098", OfferName = "Чехол-книжка Example X", BasePrice = 2500m, Quantity = 2, CategoryCode = "Master - Phone cases", CategoryTitle = "Чехлы для телефонов" },
            ],
        });

        using var request = fakes.KaspiGet($"orders?page[number]=0&page[size]=10&{Filter(s_now.AddHours(-1), s_now.AddMinutes(1))}");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var data = JsonNode.Parse(text)!["data"]![0]!;
        var (entriesResponse, entries) = await fakes.SendKaspiAsync(http, $"orders/{order.Id}/entries");

        Assert.Equal("application/vnd.api+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("orders", data["type"]!.GetValue<string>());
        Assert.Equal("Nzg1NTEyMzA5OjAx", data["id"]!.GetValue<string>());
        Assert.Equal("7071234567", data["attributes"]!["customer"]!["cellPhone"]!.GetValue<string>());
        Assert.Contains("\"totalPrice\":184990.0", text, StringComparison.Ordinal);
        Assert.EndsWith($"/orders/{order.Id}/entries", data["relationships"]!["entries"]!["links"]!["related"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, entriesResponse.StatusCode);
        var lines = entries!["data"]!.AsArray();
        Assert.Equal(2, lines.Count);
        Assert.Equal("orderentries", lines[0]!["type"]!.GetValue<string>());
        Assert.Equal("SKU-CS-0098", lines[1]!["attributes"]!["offer"]!["code"]!.GetValue<string>());
        Assert.Equal(5000m, lines[1]!["attributes"]!["totalPrice"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Include_entries_and_user_side_loads_them()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder());

        var (_, body) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&include[orders]=entries,user&{Filter(s_now.AddHours(-1), s_now.AddMinutes(1))}");
        var types = body!["included"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()).ToList();

        Assert.Contains("orderentries", types);
        Assert.Contains("customers", types);
    }

    [Fact]
    public async Task Headers_are_checked_accept_then_token_then_content_type()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        var query = $"orders?page[number]=0&page[size]=10&{Filter(s_now.AddHours(-1), s_now)}";

        using var noAccept = await http.SendAsync(fakes.KaspiGet(query, accept: false));
        using var badToken = await http.SendAsync(fakes.KaspiGet(query, token: "wrong"));
        using var noContentType = await http.SendAsync(fakes.KaspiGet(query, contentType: false));
        await fakes.Control.SetKaspiBehaviorAsync(new KaspiBehavior { RequireContentType = false });
        using var lenient = await http.SendAsync(fakes.KaspiGet(query, contentType: false));

        Assert.Equal(HttpStatusCode.NotFound, noAccept.StatusCode);
        Assert.Equal("text/html", noAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noContentType.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lenient.StatusCode);
    }

    [Fact]
    public async Task The_state_filter_is_required_and_takes_one_state_unless_switched()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        var period = $"filter[orders][creationDate][$ge]={s_now.AddHours(-1).ToUnixTimeMilliseconds()}";

        var (missing, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&{period}");
        var (several, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&filter[orders][state]=NEW,PICKUP&{period}");
        var (unknown, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&filter[orders][state]=APPROVED&{period}");
        await fakes.Control.SetKaspiBehaviorAsync(new KaspiBehavior { AllowSeveralStates = true, RequireStateFilter = false });
        var (severalAllowed, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&filter[orders][state]=NEW,PICKUP&{period}");
        var (missingAllowed, _) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&{period}");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, several.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, severalAllowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, missingAllowed.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_order_moves_to_the_archive_and_a_late_order_appears_when_due()
    {
        var (fakes, clock) = await StartOnFakeClockAsync();
        await using var _ = fakes;
        using var http = fakes.Kaspi();
        var order = await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder { CreationDate = s_now.AddMinutes(-10) });
        var late = await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder
        {
            CreationDate = s_now.AddMinutes(-30),
            ApprovedByBankDate = clock.GetUtcNow().AddMilliseconds(400),
            VisibleFrom = clock.GetUtcNow().AddMilliseconds(400),
        });

        await fakes.Control.ChangeKaspiOrderStateAsync(order.Code, new KaspiStateChange("ARCHIVE", "CANCELLED", "BUYER_CANCELLATION_BY_MERCHANT"));
        var (_, newOrders) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&{Filter(s_now.AddHours(-1), s_now.AddMinutes(1))}");
        var (_, archive) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&{Filter(s_now.AddHours(-1), s_now.AddMinutes(1), "ARCHIVE")}");
        clock.Advance(TimeSpan.FromMilliseconds(400));
        var (_, afterApproval) = await fakes.SendKaspiAsync(http, $"orders?page[number]=0&page[size]=10&{Filter(s_now.AddHours(-1), s_now.AddMinutes(1))}");

        Assert.Empty(Codes(newOrders!));
        var archived = archive!["data"]![0]!["attributes"]!;
        Assert.Equal("CANCELLED", archived["status"]!.GetValue<string>());
        Assert.Equal("BUYER_CANCELLATION_BY_MERCHANT", archived["cancellationReason"]!.GetValue<string>());
        Assert.Equal([late.Code], Codes(afterApproval!));
    }

    private static string Filter(DateTimeOffset from, DateTimeOffset to, string state = "NEW") =>
        $"filter[orders][state]={state}&filter[orders][creationDate][$ge]={from.ToUnixTimeMilliseconds()}&filter[orders][creationDate][$le]={to.ToUnixTimeMilliseconds()}";

    private static List<string> Codes(JsonObject body) =>
        body["data"]!.AsArray().Select(o => o!["attributes"]!["code"]!.GetValue<string>()).ToList();
}
