extern alias fakes;

using System.Net;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Npgsql;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// A vendor down for a long time, time-scaled: the ERP answers 503 for 45 s (standing for 10 minutes) with the outage alert
/// after 15 s (standing for Alerts:OutageThreshold) and the engine's backoff capped at 3 s (standing for 5 minutes).
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class VendorOutageTests(PostgresFixture postgres)
{
    private const string Hook = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;
    private const string WebhookFlow = "amocrm-lead-status-to-erp";

    [Fact]
    public async Task ErpDownForALongTime_EveryTaskIsCreatedAfterItReturns_NoneTwice_OneOutageAndOneRecoveryAlert()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server,
            new Dictionary<string, string?>
            {
                ["Integration__RetryInitialDelay"] = "00:00:01",
                ["Integration__RetryMaxDelay"] = "00:00:03",
            },
            apiSettings: new Dictionary<string, string?>
            {
                ["Alerts__OutageThreshold"] = "00:00:15",
                ["Api__MaintenanceInterval"] = "00:00:01",
            });
        using var amo = await AmoCrmCatchUpTests.AmoCrmApiAsync(system.Fakes);
        var leads = await AmoCrmCatchUpTests.CreateLeadsAsync(amo, 5);
        await system.Fakes.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { Status5xxRate = 1, Status5xxCode = 503 });

        var time = 1732101300L;
        foreach (var lead in leads)
        {
            var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(lead, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, time++));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // Long past maxAttempts (5): ten tries per task in all, and the outage alert, while every instance keeps retrying.
        // Counted in attempts and alerts, not waited for in seconds.
        await WorkflowServerHarness.WaitUntilAsync(
            async () => (await system.Fakes.Control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks", "POST")).Count >= 5 * 10, TimeSpan.FromSeconds(120), "ten tries per task");
        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(Raised(system.Api.Output, "vendor_down:erp") >= 1), TimeSpan.FromSeconds(60), "the outage alert");
        var during = await system.Workflows.InstancesAsync(WebhookFlow);
        Assert.Equal(5, during.Count);
        Assert.All(during, i => Assert.Equal("Running", i.Status)); // still retrying, none faulted after ~15 attempts
        Assert.True((await system.Fakes.Control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks", "POST")).Count >= 5 * 10, "the ERP was tried again and again");
        Assert.Empty(await system.Fakes.Control.GetErpTasksAsync());

        await system.Fakes.Control.ClearFaultsAsync(FakeVendor.Erp);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(60), "every instance to finish once the ERP is back");
        // No ERP call is still in flight in the gateway (one whose caller gave up could land late): every key is completed.
        await using (var ledger = NpgsqlDataSource.Create(system.ApiDatabase))
        {
            await WorkflowServerHarness.WaitUntilAsync(async () =>
            {
                await using var open = ledger.CreateCommand("SELECT count(*) FROM idempotency_records WHERE scope = 'erp.tasks' AND state <> 'completed'");
                return (long)(await open.ExecuteScalarAsync())! == 0;
            }, TimeSpan.FromSeconds(60), "every ERP task call to be completed in the gateway");
        }

        var tasks = await system.Fakes.Control.GetErpTasksAsync();
        Assert.Equal(5, tasks.Count);
        Assert.Equal(leads.Order(), tasks.Select(AmoCrmCatchUpTests.LeadOf).Order());

        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(Raised(system.Api.Output, "vendor_up:erp") >= 1), TimeSpan.FromSeconds(20), "the recovery alert");
        Assert.Equal(1, Raised(system.Api.Output, "vendor_down:erp"));
        Assert.Equal(1, Raised(system.Api.Output, "vendor_up:erp"));
    }

    private static int Raised(string output, string condition) =>
        output.Split('\n').Count(line => line.Contains("Alert " + condition + " raised", StringComparison.Ordinal));
}
