using System.Globalization;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class ReconcileTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Reconcile_CreatesMissedOrdersAndNotesCancellations()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("970001", "7008889900");
        await world.Control.AddOrderAsync("970002", "7008889901");
        await world.Api.SyncAsync(await world.Api.NewOrdersAsync());

        // The poll missed 970003 (approved late); 970001 is cancelled and 970002 returned in Kaspi.
        await world.Control.AddOrderAsync("970003", "7008889902", created: DateTimeOffset.UtcNow.AddDays(-2));
        await world.Control.ChangeKaspiOrderStateAsync("970001", new KaspiStateChange("ARCHIVE", "CANCELLED", "BUYER_CANCELLATION_BY_MERCHANT"));
        await world.Control.ChangeKaspiOrderStateAsync("970002", new KaspiStateChange("ARCHIVE", "RETURNED"));

        using var response = await world.Api.PostIdempotentAsync("/api/kaspi/reconcile", new { from = DateTimeOffset.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var result = await response.JsonAsync();

        Assert.Equal(1, result["sync"]!["created"]!.GetValue<int>());
        Assert.Equal("970003", result["sync"]!["orders"]![0]!["code"]!.GetValue<string>());
        var reflected = result["reflected"]!.AsArray();
        Assert.Equal(2, reflected.Count);
        Assert.All(reflected, r => Assert.Equal("note", r!["how"]!.GetValue<string>()));
        var notes = await world.Control.GetAmoCrmNotesAsync();
        Assert.Contains(notes, n => n.Text == "Заказ Kaspi №970001 отменён в Kaspi (статус CANCELLED).");
        Assert.Contains(notes, n => n.Text == "Заказ Kaspi №970002: возврат в Kaspi (статус RETURNED).");

        // Once reflected, not again.
        using var again = await world.Api.PostIdempotentAsync("/api/kaspi/reconcile", new { from = DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeMilliseconds() });
        Assert.Empty((await again.JsonAsync())["reflected"]!.AsArray());
    }

    [Fact]
    public async Task Reconcile_WithACancelledStatus_MovesTheLead()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o => o.Settings["AmoCrm:CancelledStatusId"] = AmoCrmSeedIds.LostStatusId.ToString(CultureInfo.InvariantCulture));
        await world.Control.AddOrderAsync("980001", "7008889911");
        var synced = await world.Api.SyncAsync(await world.Api.NewOrdersAsync());
        var leadId = synced["orders"]![0]!["leadId"]!.GetValue<long>();
        await world.Control.ChangeKaspiOrderStateAsync("980001", new KaspiStateChange("ARCHIVE", "CANCELLED", "BUYER_NOT_REACHABLE"));

        using var response = await world.Api.PostIdempotentAsync("/api/kaspi/reconcile", new { from = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds() });
        Assert.Equal("status", (await response.JsonAsync())["reflected"]![0]!["how"]!.GetValue<string>());
        Assert.Equal(AmoCrmSeedIds.LostStatusId, (await world.Control.GetAmoCrmLeadAsync(leadId)).StatusId);
    }
}
