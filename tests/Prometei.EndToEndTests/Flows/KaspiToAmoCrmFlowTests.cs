extern alias fakes;

using fakes::Prometei.Fakes.Control;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>The shipped Kaspi poll, with both services and the fakes: each allowed order becomes one lead, each customer one contact.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class KaspiToAmoCrmFlowTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Poll_OrdersInSeveralPhoneFormatsAndStates_OneLeadPerAllowedOrder_OneContactPerCustomer_LateApprovalCaught()
    {
        // The poll every 3 s instead of every minute; the reconcile left at every 10 minutes.
        await using var system = await FlowsHarness.StartAsync(postgres.Server,
            definitionEdit: text => text.Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal));
        var control = system.Fakes.Control;
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Select(l => l.Id).ToHashSet();
        var contactsBefore = (await control.GetAmoCrmContactsAsync()).Count;
        var now = DateTimeOffset.UtcNow;
        var aigerim = new KaspiCustomer("Айгерим", "Садыкова", "7017654321");
        var orders = new[]
        {
            new NewFakeKaspiOrder { Code = "900000001", Customer = aigerim, CreationDate = now.AddMinutes(-5) },
            new NewFakeKaspiOrder { Code = "900000002", Customer = aigerim with { CellPhone = "+7 (701) 765-43-21" }, CreationDate = now.AddMinutes(-4) },
            new NewFakeKaspiOrder { Code = "900000003", Customer = aigerim with { CellPhone = "87017654321" }, State = "PICKUP", CreationDate = now.AddMinutes(-3) },
            new NewFakeKaspiOrder { Code = "900000004", Customer = new KaspiCustomer("Ерлан", "Жумабаев", "7771112233"), CreationDate = now.AddMinutes(-2) },
            new NewFakeKaspiOrder { Code = "900000005", Customer = new KaspiCustomer("Бахыт", "Оспанов", "7479998877"), State = "ARCHIVE", CreationDate = now.AddMinutes(-2) },
        };
        var sums = new Dictionary<string, long>();
        foreach (var order in orders)
        {
            var added = await control.AddKaspiOrderAsync(order);
            sums[added.Code] = (long)added.TotalPrice;
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await NewLeads()).Count >= 4, TimeSpan.FromSeconds(60), "four leads");

        // An order created minutes ago that Kaspi lists only now (approved late) is caught by the poll's overlap.
        var late = await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
        {
            Code = "900000006", Customer = new KaspiCustomer("Ерлан", "Жумабаев", "7771112233"), CreationDate = now.AddMinutes(-6), VisibleFrom = DateTimeOffset.UtcNow,
        });
        sums[late.Code] = (long)late.TotalPrice;
        await WorkflowServerHarness.WaitUntilAsync(async () => (await NewLeads()).Count >= 5, TimeSpan.FromSeconds(60), "the late order's lead");
        await system.Workflows.WaitForMoreFinishedAsync("kaspi-orders-to-amocrm", 2, TimeSpan.FromSeconds(60)); // nothing may be made twice

        var leads = await NewLeads();
        Assert.Equal(5, leads.Count);
        foreach (var code in new[] { "900000001", "900000002", "900000003", "900000004", "900000006" })
        {
            var lead = Assert.Single(leads, l => l.Name.Contains(code, StringComparison.Ordinal));
            Assert.True(sums[code] == lead.Price, $"order {code}: Kaspi sum {sums[code]}, lead price {lead.Price}");
            Assert.Equal(AmoCrmSeedIds.KaspiPipelineId, lead.PipelineId);
        }

        Assert.DoesNotContain(leads, l => l.Name.Contains("900000005", StringComparison.Ordinal));
        // One contact per customer: Aigerim's three phone formats share one contact, Erlan's two orders another.
        var aigerimContacts = leads.Where(l => l.Name.Contains("90000000", StringComparison.Ordinal) && new[] { "1", "2", "3" }.Any(n => l.Name.EndsWith(n, StringComparison.Ordinal)))
            .Select(l => l.MainContactId ?? l.ContactIds.Single()).Distinct().ToList();
        var erlanContacts = leads.Where(l => l.Name.EndsWith('4') || l.Name.EndsWith('6')).Select(l => l.MainContactId ?? l.ContactIds.Single()).Distinct().ToList();
        Assert.Single(aigerimContacts);
        Assert.Single(erlanContacts);
        Assert.NotEqual(aigerimContacts[0], erlanContacts[0]);
        Assert.InRange((await control.GetAmoCrmContactsAsync()).Count - contactsBefore, 0, 2);
        var polls = await system.Workflows.InstancesAsync("kaspi-orders-to-amocrm");
        Assert.All(polls.Where(p => p.Status == "Finished"), p => Assert.Equal("Finished", p.SubStatus));
        Assert.DoesNotContain("7017654321", string.Join("\n", polls.Select(p => p.State.ToJsonString())), StringComparison.Ordinal);

        async Task<List<FakeAmoLead>> NewLeads() => (await control.GetAmoCrmLeadsAsync()).Where(l => !leadsBefore.Contains(l.Id)).ToList();
    }

    [Fact]
    public async Task Poll_ABacklogOfSeveralBatches_IsSyncedInOneSlotBatchByBatch_NoneTwice()
    {
        // The gateway syncs at most 10 new orders a call; the slot's activity calls again while a backlog remains.
        await using var system = await FlowsHarness.StartAsync(postgres.Server,
            definitionEdit: text => text.Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal),
            apiSettings: new Dictionary<string, string?> { ["Kaspi__PollBatch"] = "10" });
        var control = system.Fakes.Control;
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Select(l => l.Id).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        var visible = now.AddSeconds(2); // all 35 appear to the poll at once
        for (var i = 0; i < 35; i++)
        {
            await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
            {
                Code = (910_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Customer = new KaspiCustomer("Покупатель", "Тестов", "70" + (50_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                CreationDate = now.AddMinutes(-10).AddSeconds(i),
                VisibleFrom = visible,
            });
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await NewLeads()).Count >= 35, TimeSpan.FromSeconds(90), "35 leads");
        await system.Workflows.WaitForMoreFinishedAsync("kaspi-orders-to-amocrm", 2, TimeSpan.FromSeconds(60)); // nothing may be made twice

        var names = (await NewLeads()).Select(l => l.Name).ToList();
        Assert.Equal(35, names.Count);
        Assert.Equal(35, names.Distinct(StringComparer.Ordinal).Count());
        // One slot took the whole backlog in four gateway calls (10 + 10 + 10 + 5), each bounded by the batch.
        var batches = await system.Workflows.ScalarAsync(
            """
            SELECT coalesce(max((outputs->'Result'->>'batches')::int), 0)
            FROM workflow_instances i CROSS JOIN LATERAL (SELECT * FROM activity_executions x WHERE x.instance_id = i.id OFFSET 0) e
            WHERE outputs->'Result' ? 'batches' AND (outputs->'Result'->>'created')::int > 0
            """);
        Assert.Equal(4, batches);

        async Task<List<FakeAmoLead>> NewLeads() => (await control.GetAmoCrmLeadsAsync()).Where(l => !leadsBefore.Contains(l.Id)).ToList();
    }
}
