using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.UnitTests;

/// <summary>
/// Forms the real vendors may send that the fakes did not (contracts amocrm §4, §6.1; kaspi §2, §3, §6): the readers and clients
/// take them without throwing and without losing what they hold. Clients run against canned answers through a small handler.
/// </summary>
public sealed class VendorPayloadTests
{
    private static readonly Uri s_kaspiBase = new("https://kaspi.kz/shop/api/v2/");

    [Fact]
    public async Task KaspiEntries_PagedWithLinksNext_EveryPageIsRead()
    {
        var handler = new CannedHandler(request => Query(request).Contains("page[number]=1", StringComparison.Ordinal)
            ? """{"data":[{"type":"orderentries","id":"e3","attributes":{"quantity":1,"basePrice":990.5,"totalPrice":990.5,"offer":{"code":"SKU-3","name":"Кабель"}}}],"included":[]}"""
            : """
              {"data":[
                {"type":"orderentries","id":"e1","attributes":{"quantity":1,"basePrice":179990.0,"totalPrice":179990.0,"offer":{"code":"SKU-1","name":"Смартфон"}}},
                {"type":"orderentries","id":"e2","attributes":{"quantity":3,"basePrice":2500.0,"totalPrice":7500.0,"offer":{"code":"SKU-2","name":"Чехол"}}}],
               "included":[],
               "links":{"self":"https://kaspi.kz/shop/api/v2/orders/Nzg1/entries","next":"https://kaspi.kz/shop/api/v2/orders/Nzg1/entries?page[number]=1&page[size]=2"}}
              """);

        var entries = await Kaspi(handler).GetEntriesAsync("Nzg1", CancellationToken.None);

        // Before: only the first page's two lines; the lead's items note lacked the third.
        Assert.Equal(["SKU-1", "SKU-2", "SKU-3"], entries.Select(e => e.OfferCode));
        Assert.Equal(3m, entries[1].Quantity);
        Assert.Equal(990.5m, entries[2].BasePrice);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task KaspiEntries_PagedWithMetaOnly_NextPagesAreAskedByNumber()
    {
        var handler = new CannedHandler(request => request.RequestUri!.Query.Length == 0
            ? """{"data":[{"type":"orderentries","id":"e1","attributes":{"quantity":1,"basePrice":10,"totalPrice":10,"offer":{"code":"A","name":"a"}}}],"meta":{"pageCount":2,"totalCount":2}}"""
            : """{"data":[{"type":"orderentries","id":"e2","attributes":{"quantity":1,"basePrice":20,"totalPrice":20,"offer":{"code":"B","name":"b"}}}],"meta":{"pageCount":2,"totalCount":2}}""");

        var entries = await Kaspi(handler).GetEntriesAsync("Nzg1", CancellationToken.None);

        Assert.Equal(["A", "B"], entries.Select(e => e.OfferCode));
        Assert.Equal("?page[number]=1&page[size]=1", Uri.UnescapeDataString(handler.Requests[1].Query));
    }

    [Fact]
    public async Task KaspiEntries_NextLinkToAnotherHost_IsNotFollowed()
    {
        // The Kaspi token goes with every request the client sends: a link elsewhere must not take it along.
        var handler = new CannedHandler(_ =>
            """{"data":[{"type":"orderentries","id":"e1","attributes":{"quantity":1,"basePrice":10,"totalPrice":10,"offer":{"code":"A","name":"a"}}}],"links":{"next":"https://elsewhere.example/orders/Nzg1/entries?page=2"}}""");

        var entries = await Kaspi(handler).GetEntriesAsync("Nzg1", CancellationToken.None);

        Assert.Single(entries);
        Assert.All(handler.Requests, uri => Assert.Equal("kaspi.kz", uri.Host));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task KaspiOrders_PagesWithoutMeta_AFullPageIsFollowedByTheNext()
    {
        static string Order(string code) => new JsonObject
        {
            ["type"] = "orders",
            ["id"] = "id" + code,
            ["attributes"] = new JsonObject
            {
                ["code"] = code, ["totalPrice"] = 1000.0, ["creationDate"] = 1732097650123, ["state"] = "NEW", ["status"] = "APPROVED_BY_BANK",
                ["customer"] = new JsonObject { ["cellPhone"] = "87012223344" },
            },
        }.ToJsonString();
        var handler = new CannedHandler(request => Query(request).Contains("page[number]=0", StringComparison.Ordinal)
            ? $$"""{"data":[{{Order("1")}},{{Order("2")}}],"included":[]}"""
            : $$"""{"data":[{{Order("3")}}],"included":[]}""");
        var client = Kaspi(handler, pageSize: 2);

        var orders = await client.GetOrdersAsync(
            DateTimeOffset.FromUnixTimeMilliseconds(1732090000000), DateTimeOffset.FromUnixTimeMilliseconds(1732100000000), ["NEW"], CancellationToken.None);

        // Before: no meta.pageCount read as 0 pages, and the read stopped after page 0: order 3 was never seen.
        Assert.Equal(["1", "2", "3"], orders.Select(o => o.Code));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void KaspiEntries_OfferWithoutName_TakesTheIncludedProductsNameAndCode()
    {
        var entries = KaspiReader.Entries(JsonNode.Parse("""
            {"data":[
              {"type":"orderentries","id":"e1","attributes":{"quantity":2,"basePrice":2500.0,"totalPrice":5000.0,"offer":{"code":null,"name":""}},
               "relationships":{"product":{"links":{"related":"https://kaspi.kz/shop/api/v2/orderentries/e1/product"},"data":{"type":"masterproducts","id":"MTE2"}}}},
              {"type":"orderentries","id":"e2","attributes":{"quantity":1,"basePrice":100,"totalPrice":100}}],
             "included":[{"type":"masterproducts","id":"MTE2","attributes":{"code":"116601234","name":"Чехол-книжка Example X","manufacturer":"Example"}}]}
            """)!);

        Assert.Equal(("116601234", "Чехол-книжка Example X"), (entries[0].OfferCode, entries[0].OfferName));
        Assert.Equal((null, null), (entries[1].OfferCode, entries[1].OfferName));
        Assert.Equal(100m, entries[1].TotalPrice);
    }

    [Fact]
    public void KaspiReader_MembersOfAnotherType_AreSkippedNotThrown()
    {
        // Before: indexing "[]" or a string by name threw InvalidOperationException, a 500 for the whole poll.
        var page = KaspiReader.OrderPage(JsonNode.Parse("""
            {"data":["oops",{"type":"orders","id":"A","attributes":{"code":"785512309","totalPrice":"184990.50","creationDate":"1732097650123",
               "customer":"hidden","relationships":[]},"relationships":{"user":[]}}],
             "included":{},"meta":[],"links":[]}
            """)!);
        var entries = KaspiReader.Entries(JsonNode.Parse("""{"data":[{"attributes":{"offer":"SKU","quantity":1}}],"included":[]}""")!);

        var order = Assert.Single(page.Orders);
        Assert.Equal((184990.50m, 1732097650123L), (order.TotalPrice, order.CreationDate));
        Assert.Null(order.Customer);
        Assert.Null(page.PageCount);
        Assert.Null(Assert.Single(entries).OfferCode);
    }

    [Fact]
    public void AmoLead_EmptyObjectsAsArrays_NullsAndNumbersAsStrings_AreRead()
    {
        var lead = AmoCrmReader.Lead(JsonNode.Parse("""
            {"id":30000000001,"name":"Kaspi 785512309","price":null,"status_id":"61234571","pipeline_id":7012345,"closed_at":null,
             "loss_reason_id":null,"is_deleted":false,"custom_fields_values":null,"_links":[],"_embedded":[]}
            """)!);

        Assert.Equal((30000000001L, 0L, 61234571L, 7012345L), (lead.Id, lead.Price, lead.StatusId, lead.PipelineId));
        Assert.Null(lead.ClosedAt);
        Assert.Empty(lead.CustomFields);
        Assert.Empty(lead.Contacts);
        Assert.Empty(lead.Tags);
    }

    [Fact]
    public async Task AmoClient_DeletedLead_IsNotFound_EmptyListIsEmpty()
    {
        var handler = new CannedHandler(request => request.RequestUri!.AbsolutePath switch
        {
            "/api/v4/leads/24681357" => """{"id":24681357,"name":"x","price":100,"status_id":143,"pipeline_id":7012345,"is_deleted":true,"_embedded":{"contacts":[]}}""",
            "/api/v4/leads/24681358" => """{"id":24681358,"name":"y","price":100,"status_id":142,"pipeline_id":7012345,"is_deleted":false,"_embedded":[],"loss_reason":null}""",
            _ => null, // 204 No Content: amoCRM's empty list
        });
        var amo = new AmoCrmClient(new HttpClient(handler) { BaseAddress = new Uri("https://acmeshop.amocrm.ru/") });

        // Before: a deleted lead was read like a live one, and an ERP task made for it.
        Assert.Null(await amo.GetLeadAsync(24681357, CancellationToken.None));
        Assert.Equal(24681358, (await amo.GetLeadAsync(24681358, CancellationToken.None))!.Id);
        Assert.Empty(await amo.SearchContactsAsync("7071234567", CancellationToken.None));
        Assert.False((await amo.ListContactsAsync(null, 1, 250, CancellationToken.None)).HasNext);
    }

    private static string Query(HttpRequestMessage request) => Uri.UnescapeDataString(request.RequestUri!.Query);

    private static KaspiClient Kaspi(CannedHandler handler, int pageSize = 100) => new(
        new HttpClient(handler) { BaseAddress = s_kaspiBase },
        Options.Create(new KaspiOptions { PageSize = pageSize }),
        TimeProvider.System,
        NullLogger<KaspiClient>.Instance);

    /// <summary>Answers each request with the JSON its function gives (null: 204 No Content) and records the URIs asked.</summary>
    private sealed class CannedHandler(Func<HttpRequestMessage, string?> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            var json = answer(request);
            return Task.FromResult(json is null
                ? new HttpResponseMessage(HttpStatusCode.NoContent)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
