extern alias fakes;

using System.Net;
using System.Net.Http.Json;
using fakes::Prometei.Fakes.Control;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// The shipped reconcile (sped up to every 5 s) next to the poll (every 3 s): an order the poll cannot see any more is
/// created, and cancellations and returns of synced orders are shown on their leads (a note: no cancelled/returned status
/// is configured).
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ReconcileFlowTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Reconcile_CreatesTheOrderThePollMissed_AndNotesCancellationAndReturnOnce()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server, definitionEdit: text => text
            .Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal)
            .Replace("\"0 */10 * * * *\"", "\"*/5 * * * * *\"", StringComparison.Ordinal));
        var control = system.Fakes.Control;
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Select(l => l.Id).ToHashSet();
        var notesBefore = (await control.GetAmoCrmNotesAsync()).Select(n => n.Id).ToHashSet();
        var now = DateTimeOffset.UtcNow;

        // The poll starts at now minus Kaspi:PollOverlap (30 min): an order created 2 hours ago is out of its reach.
        var mark = await system.Gateway.PostAsJsonAsync("api/kaspi/watermark", new { watermark = now.ToUnixTimeMilliseconds() });
        Assert.Equal(HttpStatusCode.OK, mark.StatusCode);

        var cancelled = await control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = "910000001", Customer = new KaspiCustomer("Айгерим", "Садыкова", "7017654321"), CreationDate = now.AddMinutes(-1) });
        var returned = await control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = "910000002", Customer = new KaspiCustomer("Ерлан", "Жумабаев", "7771112233"), CreationDate = now.AddMinutes(-1) });
        await WorkflowServerHarness.WaitUntilAsync(async () => (await NewLeads()).Count >= 2, TimeSpan.FromSeconds(90), "the two orders' leads");

        var missed = await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
        {
            Code = "910000003", Customer = new KaspiCustomer("Бахыт", "Оспанов", "7479998877"), CreationDate = now.AddHours(-2), VisibleFrom = DateTimeOffset.UtcNow,
        });
        await WorkflowServerHarness.WaitUntilAsync(async () => (await NewLeads()).Any(l => l.Name.Contains(missed.Code, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(90), "the missed order's lead (reconcile)");

        await control.ChangeKaspiOrderStateAsync(cancelled.Code, new KaspiStateChange("ARCHIVE", "CANCELLED", "BUYER_CANCELLATION_BY_MERCHANT"));
        await control.ChangeKaspiOrderStateAsync(returned.Code, new KaspiStateChange("ARCHIVE", "RETURNED"));
        var leads = await NewLeads();
        var cancelledLead = Assert.Single(leads, l => l.Name.Contains(cancelled.Code, StringComparison.Ordinal));
        var returnedLead = Assert.Single(leads, l => l.Name.Contains(returned.Code, StringComparison.Ordinal));
        await WorkflowServerHarness.WaitUntilAsync(async () => (await StatusNotes()).Select(n => n.EntityId).Distinct().Count() >= 2,
            TimeSpan.FromSeconds(90), "notes on the cancelled and the returned lead");
        await system.Workflows.WaitForMoreFinishedAsync("kaspi-reconcile", 2, TimeSpan.FromSeconds(90)); // and the polls between: nothing may be made or noted twice

        leads = await NewLeads();
        Assert.Equal(3, leads.Count);
        Assert.Single(leads, l => l.Name.Contains(missed.Code, StringComparison.Ordinal));
        Assert.Equal((long)missed.TotalPrice, leads.Single(l => l.Name.Contains(missed.Code, StringComparison.Ordinal)).Price);
        var notes = await StatusNotes(); // the sync's own notes (the order's goods) aside
        var cancelNote = Assert.Single(notes, n => n.EntityId == cancelledLead.Id);
        var returnNote = Assert.Single(notes, n => n.EntityId == returnedLead.Id);
        Assert.Equal(2, notes.Count);
        Assert.Equal("leads", cancelNote.EntityType);
        Assert.Contains(cancelled.Code, cancelNote.Text, StringComparison.Ordinal);
        Assert.Contains("CANCELLED", cancelNote.Text, StringComparison.Ordinal);
        Assert.Contains(returned.Code, returnNote.Text, StringComparison.Ordinal);
        Assert.Contains("RETURNED", returnNote.Text, StringComparison.Ordinal);

        // It was the reconcile, not the poll, that found the old order.
        var polls = await system.Workflows.InstancesAsync("kaspi-orders-to-amocrm");
        Assert.DoesNotContain(missed.Code, string.Join("\n", polls.Select(p => p.State.ToJsonString())), StringComparison.Ordinal);
        var reconciles = await system.Workflows.InstancesAsync("kaspi-reconcile");
        Assert.Contains(reconciles, r => r.State.ToJsonString().Contains("\"created\":1,", StringComparison.Ordinal));
        Assert.All(reconciles.Where(r => r.Status == "Finished"), r => Assert.Equal("Finished", r.SubStatus));

        async Task<List<FakeAmoLead>> NewLeads() => (await control.GetAmoCrmLeadsAsync()).Where(l => !leadsBefore.Contains(l.Id)).ToList();
        async Task<List<FakeAmoNote>> StatusNotes() => (await control.GetAmoCrmNotesAsync())
            .Where(n => !notesBefore.Contains(n.Id) && n.Text is not null && n.Text.Contains("(статус ", StringComparison.Ordinal)).ToList();
    }
}
