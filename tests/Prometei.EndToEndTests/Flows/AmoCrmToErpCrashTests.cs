extern alias fakes;

using System.Globalization;
using System.Net;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Npgsql;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// "amoCRM lead status → ERP task" with the workflows node killed (SIGKILL) while its ERP calls are on their way: the rerun on
/// a new node carries the same idempotency keys, the gateway finishes and records the calls the dead node started, and the
/// ERP sees one request and gets one task per status change.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class AmoCrmToErpCrashTests(PostgresFixture postgres)
{
    private const string Hook = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;

    [Fact]
    public async Task WorkflowsNodeKilledWhileErpTasksAreInFlight_EachStatusChangeMakesOneTask_AndTheErpIsAskedOnce()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server, new Dictionary<string, string?>
        {
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        });
        var control = system.Fakes.Control;
        await control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { LatencyMs = 4000 });

        long[] eventTimes = [1732102001, 1732102002, 1732102003];
        foreach (var time in eventTimes)
        {
            using var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, time));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // Every instance is inside "Create ERP task": the gateway holds its key while the slow ERP works.
        await using (var ledger = NpgsqlDataSource.Create(system.ApiDatabase))
        {
            await WorkflowServerHarness.WaitUntilAsync(async () =>
            {
                await using var count = ledger.CreateCommand("SELECT count(*) FROM idempotency_records WHERE scope = 'erp.tasks' AND state = 'in_progress'");
                return (long)(await count.ExecuteScalarAsync())! == eventTimes.Length;
            }, TimeSpan.FromSeconds(30), "the three ERP task calls to be in flight");
        }

        var killedNode = await system.Workflows.ScalarAsync("SELECT count(*) FROM workflow_instances WHERE lease_owner IS NOT NULL");
        Assert.True(killedNode > 0, "the instances should be leased by the node about to be killed");

        await system.RestartServerAsync();
        await control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings());

        await WorkflowServerHarness.WaitUntilAsync(async () =>
        {
            var instances = await system.Workflows.InstancesAsync("amocrm-lead-status-to-erp");
            return instances.Count == eventTimes.Length && instances.All(i => i.Status == "Finished");
        }, TimeSpan.FromSeconds(90), "the three instances to finish on the new node");

        var instances = await system.Workflows.InstancesAsync("amocrm-lead-status-to-erp");
        Assert.All(instances, i => Assert.Equal("Finished", i.SubStatus));
        foreach (var instance in instances)
        {
            Assert.Contains(await system.Workflows.LogAsync(instance.Id), l => l.EventName == "Rerun");
        }

        var tasks = await control.GetErpTasksAsync();
        Assert.Equal(eventTimes.Length, tasks.Count);
        Assert.Equal(eventTimes.Length, tasks.Select(t => t.IdempotencyKey).Distinct().Count());
        Assert.All(eventTimes, time => Assert.Single(tasks, t => t.IdempotencyKey!.EndsWith(":" + time.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        // The calls the dead node started were finished by the gateway and answered to the rerun from its ledger, so the
        // ERP got exactly one request per task: none was cut off half-way and sent again.
        Assert.Equal(eventTimes.Length, (await control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks", "POST")).Count);
    }
}
