using System.Net;
using System.Net.Http.Json;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class DryRunTests(PostgresFixture postgres)
{
    [Fact]
    public async Task DryRun_ReadsButWritesNothingToAmoCrmOrTheErp_AndReturnsWhatItWouldWrite()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.DryRun = true);
        await world.Control.AddOrderAsync("960001", "7071234567");                // a known contact
        await world.Control.AddOrderAsync("960002", "7006667788", "Новый", "Покупатель");
        await world.Control.AddOrderAsync("960003", "87006667788", "Новый", "Покупатель");
        var leadsBefore = (await world.Control.GetAmoCrmLeadsAsync()).Count;

        var sync = await world.Api.SyncAsync(await world.Api.NewOrdersAsync());
        Assert.True(sync["dryRun"]!.GetValue<bool>());
        Assert.All(sync["orders"]!.AsArray(), o => Assert.Equal("dry_run", o!["outcome"]!.GetValue<string>()));
        var writes = sync["wouldWrite"]!.AsArray();
        Assert.Contains(writes, w => w!["path"]!.GetValue<string>() == "/api/v4/leads/complex");
        Assert.Contains(writes, w => w!["path"]!.GetValue<string>() == "/api/v4/leads");

        using (var task = await world.Api.PostIdempotentAsync("/api/erp/tasks", new { leadId = ApiHarness.SeedLeadId }))
        {
            var json = await task.JsonAsync();
            Assert.True(json["dryRun"]!.GetValue<bool>());
            Assert.Equal(ApiHarness.SeedLeadId, json["payload"]!["amoLeadId"]!.GetValue<long>());
        }

        using (await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "X" } }))
        using (await world.Api.PostIdempotentAsync("/api/amocrm/contacts", new { name = "Кто-то", phone = "7001230000" }))
        using (await world.Api.PostIdempotentAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}/notes", new { text = "заметка" }))
        {
        }

        await world.Control.ChangeKaspiOrderStateAsync("960001", new KaspiStateChange("ARCHIVE", "CANCELLED", "BUYER_CANCELLATION_BY_MERCHANT"));
        using (var reconcile = await world.Api.PostIdempotentAsync("/api/kaspi/reconcile", new { from = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds() }))
        {
            Assert.Equal(HttpStatusCode.OK, reconcile.StatusCode);
        }

        var amoWrites = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm)).Where(r => r.Method is "POST" or "PATCH" && r.Path.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Empty(amoWrites);
        Assert.NotEmpty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/", "GET"));     // reads did happen
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.Erp));
        Assert.Equal(leadsBefore, (await world.Control.GetAmoCrmLeadsAsync()).Count);
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE state = 'synced'"));
        Assert.Contains("DRY_RUN: would POST /api/v4/leads/complex", world.Logs.Text, StringComparison.Ordinal);

        var health = (await world.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/health"))!;
        Assert.True(health["dryRun"]!.GetValue<bool>());
    }
}
