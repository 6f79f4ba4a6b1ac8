extern alias fakes;

using System.Globalization;
using System.Net;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>With DRY_RUN the shipped flows run to the end, and the vendors receive reads only.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DryRunFlowTests(PostgresFixture postgres)
{
    private const string Hook = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;

    [Fact]
    public async Task DryRun_WebhookAndKaspiPollFinish_AndNothingIsWrittenToTheVendors()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server, new Dictionary<string, string?>
        {
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        }, dryRun: true, definitionEdit: text => text.Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal));
        var control = system.Fakes.Control;
        var leadsBefore = await control.GetAmoCrmLeadsAsync();
        var contactsBefore = await control.GetAmoCrmContactsAsync();
        var notesBefore = await control.GetAmoCrmNotesAsync();
        var tasksBefore = await control.GetErpTasksAsync();
        var dealsBefore = await control.GetErpDealsAsync();
        var journalStart = (await AllRequests()).Select(r => r.Sequence).DefaultIfEmpty(0).Max();

        var now = DateTimeOffset.UtcNow;
        foreach (var (code, phone) in new[] { ("920000001", "7017654321"), ("920000002", "+7 (777) 111-22-33") })
        {
            await control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = code, Customer = new KaspiCustomer("Айгерим", "Садыкова", phone), CreationDate = now.AddMinutes(-2) });
        }

        var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        // The webhook's instance finishes; polls that saw both orders finish (dry run: nothing is marked synced, so every poll sees them).
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync("amocrm-lead-status-to-erp")).Any(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(60), "the webhook's instance to finish");
        await WorkflowServerHarness.WaitUntilAsync(async () => (await PollsThatSawTheOrders()).Count >= 2, TimeSpan.FromSeconds(60), "two finished polls that saw the orders");

        var webhook = Assert.Single(await system.Workflows.InstancesAsync("amocrm-lead-status-to-erp"));
        Assert.Equal("Finished", webhook.Status);
        Assert.Equal("Finished", webhook.SubStatus);
        Assert.All(await PollsThatSawTheOrders(), p => Assert.Equal("Finished", p.SubStatus));

        var writes = (await AllRequests())
            .Where(r => r.Sequence > journalStart && r.Method != "GET" && !(r.Vendor == FakeVendor.AmoCrm && r.Path.StartsWith("/oauth2/", StringComparison.Ordinal)))
            .Select(r => $"{r.Vendor} {r.Method} {r.Path}")
            .ToList();
        Assert.Empty(writes);
        Assert.Equal(leadsBefore.Count, (await control.GetAmoCrmLeadsAsync()).Count);
        Assert.Equal(contactsBefore.Count, (await control.GetAmoCrmContactsAsync()).Count);
        Assert.Equal(notesBefore.Count, (await control.GetAmoCrmNotesAsync()).Count);
        Assert.Equal(tasksBefore.Count, (await control.GetErpTasksAsync()).Count);
        Assert.Equal(dealsBefore.Count, (await control.GetErpDealsAsync()).Count);
        // The flows did reach the vendors for reading: the lead was read, Kaspi was listed.
        Assert.Contains(await control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/leads/"), r => r.Sequence > journalStart && r.Method == "GET");
        Assert.Contains(await control.GetRequestsAsync(FakeVendor.Kaspi), r => r.Sequence > journalStart && r.Method == "GET");

        async Task<List<RecordedRequest>> AllRequests() =>
            [.. await control.GetRequestsAsync(FakeVendor.AmoCrm), .. await control.GetRequestsAsync(FakeVendor.Kaspi), .. await control.GetRequestsAsync(FakeVendor.Erp)];

        async Task<List<InstanceRow>> PollsThatSawTheOrders() => (await system.Workflows.InstancesAsync("kaspi-orders-to-amocrm"))
            .Where(p => p.Status == "Finished" && p.State.ToJsonString().Contains("\"new\":2,", StringComparison.Ordinal) && p.State.ToJsonString().Contains("\"dryRun\":true", StringComparison.Ordinal))
            .ToList();
    }
}
