using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Engine.Execution;

namespace Prometei.Workflows.UnitTests.Integration;

/// <summary>The typed gateway client against canned gateway answers: records, named refusals, and exceptions only for the unexpected.</summary>
public sealed class PrometeiApiClientTests
{
    [Fact]
    public async Task CreateErpTask_Created_ReturnsTheIdOnly_AndSendsTheKey()
    {
        var (api, handler) = Client(HttpStatusCode.Created, """{"erpId":901,"dryRun":false,"document":{"customer":"Айгерим Сапарова"}}""");

        var result = await api.CreateErpTaskAsync(24681357, "amocrm-task:1:24681357:3:4", CancellationToken.None);

        Assert.Equal(new ErpCreated(901, false), result.Value);
        Assert.Equal(GatewayRefusal.None, result.Refusal);
        Assert.Equal("amocrm-task:1:24681357:3:4", handler.Requests.Single().Headers.GetValues("Idempotency-Key").Single());
        Assert.Equal("""{"leadId":24681357}""", handler.Bodies.Single());
    }

    [Fact]
    public async Task CreateErpTask_LeadNotFound_IsNotFound()
    {
        var (api, _) = Client(HttpStatusCode.NotFound, """{"title":"Lead not found","status":404,"detail":"amoCRM has no lead 5."}""");

        var result = await api.CreateErpTaskAsync(5, "k", CancellationToken.None);

        Assert.True(result.IsNotFound);
        Assert.Null(result.Value);
        Assert.Equal("amoCRM has no lead 5.", result.Reason);
    }

    [Fact]
    public async Task CreateErpDeal_ErpRefusedTheDocument_IsRefused()
    {
        var (api, _) = Client(HttpStatusCode.UnprocessableEntity, """{"title":"The ERP refused the document","status":422,"detail":"400 amount"}""");

        var result = await api.CreateErpDealAsync(new ErpDeal("Оптовый заказ", 1m, "evt-1"), "k", CancellationToken.None);

        Assert.True(result.IsRefused);
        Assert.Equal("400 amount", result.Reason);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"title":"Not Found"}""", false)]                               // a missing route, not a missing lead
    [InlineData(HttpStatusCode.UnprocessableEntity, """{"title":"Idempotency-Key reused"}""", false)]
    [InlineData(HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred."}""", false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"title":"No order synced"}""", true)]
    [InlineData(HttpStatusCode.Conflict, """{"title":"In progress"}""", true)]
    [InlineData(HttpStatusCode.TooManyRequests, "", true)]
    public async Task CreateErpTask_AnythingElse_IsAnActivityException(HttpStatusCode status, string body, bool transient)
    {
        var (api, _) = Client(status, body);

        var failure = await Assert.ThrowsAsync<ActivityException>(() => api.CreateErpTaskAsync(5, "k", CancellationToken.None));

        Assert.Equal(transient, failure.IsTransient);
    }

    [Fact]
    public async Task GetAmoCrmLead_TheGatewaysFullLead_KeepsNoCustomerData()
    {
        var (api, _) = Client(HttpStatusCode.OK, """
            {
              "id": 24681357, "name": "Заказ Kaspi 930000001", "price": 15990, "statusId": 142, "pipelineId": 7001,
              "responsibleUserId": 5001, "createdAt": 1732100000, "updatedAt": 1732100300, "closedAt": null, "tags": ["kaspi"],
              "customFields": [{ "fieldId": 9, "values": ["ул. Абая 1"] }],
              "contacts": [
                { "id": 40123456, "isMain": true, "name": "Айгерим Садыкова", "phones": ["+77017654321"], "emails": ["a@example.kz"] },
                { "id": 40123457, "isMain": false, "name": "Ерлан", "phones": ["87017654300"], "emails": [] }
              ]
            }
            """);

        var lead = (await api.GetAmoCrmLeadAsync(24681357, CancellationToken.None)).Value!;

        Assert.Equal([new AmoCrmContactRef(40123456, true), new AmoCrmContactRef(40123457, false)], lead.Contacts);
        var kept = JsonSerializer.Serialize(lead);
        foreach (var secret in new[] { "Айгерим", "7017654321", "a@example.kz", "Абая", "Ерлан" })
        {
            Assert.DoesNotContain(secret, kept, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PollKaspiOrders_SendsTheSlotAndTheKey_AndReadsTheCounts()
    {
        var (api, handler) = Client(HttpStatusCode.OK, """{"found":3,"alreadyProcessed":1,"new":2,"created":2,"contactsCreated":1,"alreadySynced":0,"inProgress":0,"failed":0,"watermark":100,"nextWatermark":200,"dryRun":false,"from":"2026-01-01T00:00:00Z"}""");
        var slot = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

        var poll = await api.PollKaspiOrdersAsync(new KaspiPollRequest(slot, 3), "kaspi-poll:1764000000000", CancellationToken.None);

        Assert.Equal(new KaspiPoll(3, 1, 2, 2, 1, 0, 0, 0, 100, 200, false), poll);
        Assert.Equal("kaspi-poll:1764000000000", handler.Requests.Single().Headers.GetValues("Idempotency-Key").Single());
        Assert.Equal("""{"firstPollDays":3,"until":1764000000000}""", handler.Bodies.Single());
    }

    [Fact]
    public async Task Gateway_Unreachable_IsTransient()
    {
        var api = new PrometeiApiClient(new HttpClient(new ThrowingHandler()) { BaseAddress = new Uri("http://api/") });

        var failure = await Assert.ThrowsAsync<ActivityException>(() => api.SendAlertAsync("m", null, "k", CancellationToken.None));

        Assert.True(failure.IsTransient);
    }

    private static (PrometeiApiClient Api, CannedHandler Handler) Client(HttpStatusCode status, string body)
    {
        var handler = new CannedHandler(status, body);
        return (new PrometeiApiClient(new HttpClient(handler) { BaseAddress = new Uri("http://api/") }), handler);
    }

    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            if (request.Content is not null)
            {
                Bodies.Add(JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!.ToJsonString());
            }

            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") };
        }
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
    }
}
