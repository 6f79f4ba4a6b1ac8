extern alias fakes;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// The shipped catch-up `amocrm-status-catch-up` (amoCRM's event list → the ERP step of the webhook flow), with both services
/// and the fakes as processes. Its cron is shortened to every 10 s here; everything else is as shipped.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class AmoCrmCatchUpTests(PostgresFixture postgres)
{
    private const string CatchUpFlow = "amocrm-status-catch-up";
    private const string WebhookFlow = "amocrm-lead-status-to-erp";

    private static readonly Dictionary<string, string?> s_stages = new()
    {
        ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        ["Integration__WebhookStatuses"] = AmoCrmSeedIds.SendToErpStatusId.ToString(CultureInfo.InvariantCulture),
    };

    private static string EveryTenSeconds(string definition) => definition.Replace("\"0 */5 * * * *\"", "\"*/10 * * * * *\"", StringComparison.Ordinal);

    [Fact]
    public async Task NodeDownFor2MinutesWhile50LeadsMoveWithSingleAttemptHooks_AfterItReturns_50ErpTasksNoneTwice()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server, s_stages, definitionEdit: EveryTenSeconds);
        using var amo = await AmoCrmApiAsync(system.Fakes);
        var leads = await CreateLeadsAsync(amo, 50);
        await system.Fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookSingleAttempt = true });
        await SubscribeAsync(amo, system.Server.BaseAddress);

        // The node goes down for 2 minutes of wall time while the 50 leads move, one every 2 s; amoCRM sends each status
        // hook once (Digital Pipeline style) and it is refused.
        system.Server.Kill();
        var down = System.Diagnostics.Stopwatch.StartNew();
        foreach (var lead in leads)
        {
            await system.Fakes.Control.ChangeLeadStatusAsync(lead, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Fakes.Control.GetWebhookDeliveriesAsync()).Count(d => d.Status == 0) == 50,
            TimeSpan.FromSeconds(60), "the 50 refused deliveries");
        if (down.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(TimeSpan.FromMinutes(2) - down.Elapsed);
        }

        Assert.Empty(await system.Fakes.Control.GetErpTasksAsync());
        Assert.True(down.Elapsed >= TimeSpan.FromMinutes(2), $"the node was down {down.Elapsed}");
        var deliveries = await system.Fakes.Control.GetWebhookDeliveriesAsync();
        Assert.Equal(50, deliveries.Count);
        Assert.True(deliveries.Max(d => d.Time) - deliveries.Min(d => d.Time) >= TimeSpan.FromSeconds(90), "the hooks were refused over the downtime, not at once");

        await system.RestartServerAsync();

        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Fakes.Control.GetErpTasksAsync()).Count >= 50, TimeSpan.FromSeconds(240), "50 ERP tasks");
        await WaitForAnotherCatchUpAsync(system);
        var tasks = await system.Fakes.Control.GetErpTasksAsync();
        Assert.Equal(50, tasks.Count);
        Assert.Equal(50, tasks.Select(t => t.IdempotencyKey).Distinct().Count());
        Assert.Equal(leads.Order(), tasks.Select(LeadOf).Order());
        Assert.Empty(await system.Workflows.InstancesAsync(WebhookFlow));
        Assert.DoesNotContain(await system.Workflows.InstancesAsync(CatchUpFlow), i => i.SubStatus == "Faulted");
    }

    [Fact]
    public async Task StatusChangeReachedByTheWebhookAndTheCatchUp_GetsOneErpTask()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server, s_stages, definitionEdit: EveryTenSeconds);
        using var amo = await AmoCrmApiAsync(system.Fakes);
        var leads = await CreateLeadsAsync(amo, 5);
        await SubscribeAsync(amo, system.Server.BaseAddress);

        foreach (var lead in leads)
        {
            await system.Fakes.Control.ChangeLeadStatusAsync(lead, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        }

        // Both paths act on each change: the webhook's instances and a catch-up run that read the five changes.
        await WorkflowServerHarness.WaitUntilAsync(async () =>
            (await system.Workflows.InstancesAsync(WebhookFlow)).Count(i => i.SubStatus == "Finished") == 5
            && await CatchUpTasksAsync(system) >= 5,
            TimeSpan.FromSeconds(120), "the webhook and the catch-up to act on all five");
        var tasks = await system.Fakes.Control.GetErpTasksAsync();
        Assert.Equal(5, tasks.Count);
        Assert.Equal(leads.Order(), tasks.Select(LeadOf).Order());
        Assert.All(tasks, t => Assert.StartsWith($"amocrm-task:{AmoCrmSeedIds.AccountId}:", t.IdempotencyKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DigitalPipelineHooks_StartTheCatchUpAtOnce_OneRunAtATime_EachErpTaskOnce()
    {
        // The cron would fire on New Year only: every run here is one the hooks asked for.
        await using var system = await FlowsHarness.StartAsync(postgres.Server, s_stages, definitionEdit: OnNewYearOnly);
        using var amo = await AmoCrmApiAsync(system.Fakes);
        var leads = await CreateLeadsAsync(amo, 21);

        // One lead moves; its Digital Pipeline hook has no time, so it is acknowledged with nothing stored and the catch-up
        // runs for it (once amoCRM's event list holds the change), not at its next slot.
        await system.Fakes.Control.ChangeLeadStatusAsync(leads[0], new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        using (var answer = await system.Http.PostAsync(WebhookPath, DigitalPipelineHook(leads[0])))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("left to the catch-up", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Fakes.Control.GetErpTasksAsync()).Count == 1, TimeSpan.FromSeconds(60), "the hook's ERP task");
        await WaitForIdleCatchUpAsync(system);
        Assert.Single(await system.Workflows.InstancesAsync(CatchUpFlow));

        // A burst: twenty leads move and their twenty hooks arrive at once.
        foreach (var lead in leads.Skip(1))
        {
            await system.Fakes.Control.ChangeLeadStatusAsync(lead, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        }

        var answers = await Task.WhenAll(leads.Skip(1).Select(lead => system.Http.PostAsync(WebhookPath, DigitalPipelineHook(lead))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Fakes.Control.GetErpTasksAsync()).Count >= 21, TimeSpan.FromSeconds(90), "21 ERP tasks");
        await WaitForIdleCatchUpAsync(system);

        var tasks = await system.Fakes.Control.GetErpTasksAsync();
        Assert.Equal(21, tasks.Count);
        Assert.Equal(21, tasks.Select(t => t.IdempotencyKey).Distinct().Count());
        Assert.Equal(leads.Order(), tasks.Select(LeadOf).Order());
        Assert.Empty(await system.Workflows.InstancesAsync(WebhookFlow));

        // The burst shared its runs (hooks within one delay of each other share one) and no run overlapped another.
        var runs = await system.Workflows.InstancesAsync(CatchUpFlow);
        Assert.InRange(runs.Count, 2, 3);
        Assert.All(runs, r => Assert.Equal("Finished", r.SubStatus));
        foreach (var (earlier, later) in runs.Zip(runs.Skip(1)))
        {
            Assert.True(later.CreatedAt >= earlier.FinishedAt, $"catch-up {later.Id} started at {later.CreatedAt:O}, before {earlier.Id} finished at {earlier.FinishedAt:O}");
        }
    }

    internal static long LeadOf(FakeErpDocument task) => long.Parse(JsonNode.Parse(task.Body.GetRawText())!["amoLeadId"]!.ToString(), CultureInfo.InvariantCulture);

    /// <summary>Completed ERP-task steps of catch-up instances that were given a status change.</summary>
    private static Task<long> CatchUpTasksAsync(FlowsHarness system) => system.Workflows.ScalarAsync($"""
        SELECT count(*) FROM workflow_instances i CROSS JOIN LATERAL (SELECT * FROM activity_executions x WHERE x.instance_id = i.id OFFSET 0) e
        WHERE i.definition_id = '{CatchUpFlow}' AND e.activity_id = 'createTask' AND e.status = 'Completed'
        """);

    private const string WebhookPath = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;

    private static string OnNewYearOnly(string definition) => definition.Replace("\"0 */5 * * * *\"", "\"0 0 0 1 1 *\"", StringComparison.Ordinal);

    /// <summary>
    /// A Digital Pipeline "send webhook" action's status hook in the short form it has (contract §14.6): the lead's ids and the
    /// account, no time.
    /// </summary>
    private static FormUrlEncodedContent DigitalPipelineHook(long leadId) => new(new Dictionary<string, string>
    {
        ["leads[status][0][id]"] = leadId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][status_id]"] = AmoCrmSeedIds.SendToErpStatusId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][pipeline_id]"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][old_status_id]"] = AmoCrmSeedIds.NewOrderStatusId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][old_pipeline_id]"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        ["account[id]"] = AmoCrmSeedIds.AccountId.ToString(CultureInfo.InvariantCulture),
        ["account[subdomain]"] = "acmeshop",
    });

    /// <summary>Waits until no catch-up instance runs and none has finished for 10 s, longer than the delay a hook waits (none is waiting to start).</summary>
    private static Task WaitForIdleCatchUpAsync(FlowsHarness system) =>
        WorkflowServerHarness.WaitUntilAsync(async () =>
        {
            var runs = await system.Workflows.InstancesAsync(CatchUpFlow);
            return runs.All(r => r.Status == "Finished") && runs.Max(r => r.FinishedAt) < DateTimeOffset.UtcNow.AddSeconds(-10);
        }, TimeSpan.FromSeconds(90), "the catch-up to be idle");

    private static async Task WaitForAnotherCatchUpAsync(FlowsHarness system)
    {
        var finished = (await system.Workflows.InstancesAsync(CatchUpFlow)).Count(i => i.Status == "Finished");
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(CatchUpFlow)).Count(i => i.Status == "Finished") >= finished + 2,
            TimeSpan.FromSeconds(90), "two more catch-up runs");
    }

    internal static async Task<HttpClient> AmoCrmApiAsync(FakeVendorsServer fakes)
    {
        var tokens = await fakes.Control.IssueTokensAsync();
        var http = new HttpClient { BaseAddress = fakes.AmoCrmBaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return http;
    }

    internal static async Task<List<long>> CreateLeadsAsync(HttpClient amo, int count)
    {
        var body = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode?)new JsonObject
        {
            ["name"] = $"Catch-up {i.ToString(CultureInfo.InvariantCulture)}",
            ["pipeline_id"] = AmoCrmSeedIds.KaspiPipelineId,
            ["status_id"] = AmoCrmSeedIds.NewOrderStatusId,
        })]);
        using var answer = await amo.PostAsJsonAsync("api/v4/leads", body);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var json = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        return [.. json["_embedded"]!["leads"]!.AsArray().Select(l => l!["id"]!.GetValue<long>())];
    }

    internal static async Task SubscribeAsync(HttpClient amo, Uri node)
    {
        using var answer = await amo.PostAsJsonAsync("api/v4/webhooks", new
        {
            destination = new Uri(node, "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret).AbsoluteUri,
            settings = new[] { "status_lead" },
        });
        Assert.True(answer.IsSuccessStatusCode, $"subscribing answered {(int)answer.StatusCode}");
    }
}
