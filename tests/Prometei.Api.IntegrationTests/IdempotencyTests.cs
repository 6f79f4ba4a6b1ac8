using System.Net;
using System.Text.Json.Nodes;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class IdempotencyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ErpTask_RepeatedKey_AnswersTheStoredResultWithoutASecondErpCall()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var body = new { leadId = ApiHarness.SeedLeadId };

        using var first = await world.Api.PostIdempotentAsync("/api/erp/tasks", body, "task-key-1");
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        using var repeat = await world.Api.PostIdempotentAsync("/api/erp/tasks", body, "task-key-1");
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(JsonNode.Parse(firstText)!.ToJsonString(), JsonNode.Parse(await repeat.Content.ReadAsStringAsync())!.ToJsonString());

        Assert.Single(await world.Control.GetErpTasksAsync());
        Assert.Single(await world.Control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks"));
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));
    }

    [Fact]
    public async Task Sync_RepeatedKey_TouchesNoVendor()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("950001", "7005556677");
        var orders = await world.Api.NewOrdersAsync();
        var first = await world.Api.SyncAsync(orders, "sync-key-1");
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        await world.Control.ClearRequestsAsync(FakeVendor.Kaspi);

        var repeat = await world.Api.SyncAsync(orders, "sync-key-1");

        Assert.Equal(first.ToJsonString(), repeat.ToJsonString());
        Assert.Equal("created", repeat["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.Kaspi));
    }

    [Fact]
    public async Task SameKey_DifferentBody_Is422()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using (var first = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "A", amount = 1 } }, "deal-key"))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // Member order and spacing do not count as a different body.
        using (var same = await world.Api.PostIdempotentAsync("/api/erp/deals", JsonNode.Parse("""{ "deal": { "amount": 1, "dealName": "A" } }""")!, "deal-key"))
        {
            Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        }

        using var other = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "B", amount = 1 } }, "deal-key");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Single(await world.Control.GetErpDealsAsync());
    }

    [Fact]
    public async Task ErpIdempotencyKey_IsPassedOn()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using var response = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "Опт", amount = 990, leadId = 7 } }, "instance-1:node-3:0");

        var deal = Assert.Single(await world.Control.GetErpDealsAsync());
        Assert.Equal("instance-1:node-3:0", deal.IdempotencyKey);
        Assert.Equal("Опт", deal.Body.GetProperty("dealName").GetString());
        Assert.Equal(990, deal.Body.GetProperty("amount").GetInt32());
        Assert.Equal("Сделка из amoCRM №7", deal.Body.GetProperty("comment").GetString());
        Assert.Equal(deal.Id, (await response.JsonAsync())["erpId"]!.GetValue<long>());
    }
}
