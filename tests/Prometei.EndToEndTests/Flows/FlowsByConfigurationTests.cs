extern alias fakes;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Prometei.EndToEndTests.Support;
using Prometei.Workflows.Capabilities;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>
/// Flows on by configuration, with both services as processes and the fakes: the Api given only the old Kaspi integrator's
/// vendors (Kaspi, amoCRM) or only the old amoCRM → ERP service's (amoCRM, ERP) starts, runs the flows it can, and says
/// which are off and why: in its /health, in the Studio's flow list, and with a 503 problem from the refused triggers.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class FlowsByConfigurationTests(PostgresFixture postgres)
{
    private const string Hook = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;
    private const string OperatorPassword = "flows-by-configuration-operator";

    [Fact]
    public async Task KaspiAndAmoCrmOnly_OrdersBecomeLeads_ErpFlowsOffWithTheirReason()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server,
            new Dictionary<string, string?> { ["Studio__Operator__Password"] = OperatorPassword },
            definitionEdit: text => text.Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal),
            apiSettings: new Dictionary<string, string?> { ["CRM_API_URL"] = null, ["CRM_API_KEY"] = null, ["AMOCRM_REDIRECT_URI"] = null });
        var control = system.Fakes.Control;
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Count;

        // The configured flow works end to end.
        await control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = "910000001", Customer = new KaspiCustomer("Алия", "Нурланова", "7012223344"), CreationDate = DateTimeOffset.UtcNow.AddMinutes(-2) });
        await WorkflowServerHarness.WaitUntilAsync(async () => (await control.GetAmoCrmLeadsAsync()).Count > leadsBefore, TimeSpan.FromSeconds(60), "the order's lead");

        // The others are refused at their triggers with the reason, and nothing is stored or sent.
        using var hook = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));
        await AssertFlowOffAsync(hook, "ERP is not configured");
        using var deal = await system.Events.PostAsJsonAsync("workflows/events/crm/create-deal", new { dealName = "Оптовый заказ", amount = 1000, eventId = "evt-off" });
        await AssertFlowOffAsync(deal, "ERP is not configured");
        using var task = await system.Gateway.PostAsync("api/erp/tasks", JsonContent.Create(new { leadId = AmoCrmSeedIds.SeedLeadId }));
        await AssertFlowOffAsync(task, "CRM_API_URL");
        Assert.Empty(await system.Workflows.InstancesAsync("amocrm-lead-status-to-erp"));
        Assert.Empty(await system.Workflows.InstancesAsync("crm-create-deal"));
        Assert.Empty(await control.GetErpTasksAsync());

        var health = await HealthAsync(system);
        Assert.Equal("not_configured", Vendor(health, "erp")["state"]!.GetValue<string>());
        Assert.Equal("ok", Vendor(health, "kaspi")["state"]!.GetValue<string>());
        Assert.Equal("ok", Vendor(health, "amocrm")["state"]!.GetValue<string>());
        Assert.True(Flow(health, "kaspi-to-amocrm")["on"]!.GetValue<bool>());
        Assert.False(Flow(health, "amocrm-to-erp")["on"]!.GetValue<bool>());
        Assert.Contains("CRM_API_URL", Flow(health, "crm-create-deal")["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var off = await StudioOffAsync(system);
        Assert.Equal(["amocrm-lead-status-to-erp", "amocrm-status-catch-up", "crm-create-deal"], off.Keys.Order(StringComparer.Ordinal));
        Assert.All(off.Values, reason => Assert.StartsWith("flow off: ERP is not configured", reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AmoCrmAndErpOnly_WebhookAndDealReachTheErp_KaspiFlowsOffWithTheirReason()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server,
            new Dictionary<string, string?>
            {
                ["Studio__Operator__Password"] = OperatorPassword,
                ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
            },
            apiSettings: new Dictionary<string, string?>
            {
                ["KASPI_API_TOKEN"] = null, ["KASPI_BASE_URL"] = null, ["AMO_PIPELINE_ID"] = null, ["AMO_STATUS_ID"] = null, ["AMO_ACCESS_TOKEN"] = null,
            });
        var control = system.Fakes.Control;
        await control.AddKaspiOrderAsync(new NewFakeKaspiOrder { Code = "920000001", Customer = new KaspiCustomer("Ерлан", "Жумабаев", "7771112233"), CreationDate = DateTimeOffset.UtcNow.AddMinutes(-2) });
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Count;

        using var hook = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        using var deal = await system.Events.PostAsJsonAsync("workflows/events/crm/create-deal", new { dealName = "Оптовый заказ", amount = 1000, eventId = "evt-on" });
        Assert.Equal(HttpStatusCode.OK, deal.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await control.GetErpTasksAsync()).Count == 1 && (await control.GetErpDealsAsync()).Count == 1,
            TimeSpan.FromSeconds(60), "the ERP task and deal");

        // Poll slots pass without a Kaspi instance and no lead is made from the Kaspi order: the shipped crons on a node of
        // this system whose clock the test moves (no waiting on the wall clock), with the catch-up, whose flow is on, fired
        // in the same slot as the reconcile passes.
        await PassSlotsAsync(system);
        Assert.Empty(await system.Workflows.InstancesAsync("kaspi-orders-to-amocrm"));
        Assert.Equal(leadsBefore, (await control.GetAmoCrmLeadsAsync()).Count);
        Assert.Empty(await control.GetRequestsAsync(FakeVendor.Kaspi));
        using var poll = await system.Gateway.PostAsync("api/kaspi/orders/new", JsonContent.Create(new { }));
        await AssertFlowOffAsync(poll, "KASPI_API_TOKEN");

        var health = await HealthAsync(system);
        Assert.Equal("not_configured", Vendor(health, "kaspi")["state"]!.GetValue<string>());
        Assert.Equal("ok", Vendor(health, "erp")["state"]!.GetValue<string>());
        Assert.Equal("ok", Vendor(health, "amocrm")["state"]!.GetValue<string>());
        Assert.True(Flow(health, "amocrm-to-erp")["on"]!.GetValue<bool>());
        Assert.True(Flow(health, "crm-create-deal")["on"]!.GetValue<bool>());
        var kaspi = Flow(health, "kaspi-to-amocrm");
        Assert.False(kaspi["on"]!.GetValue<bool>());
        Assert.Contains("KASPI_API_TOKEN", kaspi["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("AMO_PIPELINE_ID", kaspi["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var off = await StudioOffAsync(system);
        Assert.Equal(["kaspi-orders-to-amocrm", "kaspi-reconcile"], off.Keys.Order(StringComparer.Ordinal));
        Assert.All(off.Values, reason => Assert.StartsWith("flow off: Kaspi is not configured", reason, StringComparison.Ordinal));
    }

    /// <summary>
    /// Starts one more node of <paramref name="system"/> in the test process on a fake clock, lets it read the gateway's flows,
    /// and moves its clock through three slots of the Kaspi poll (every minute), the last on a 10-minute boundary where the
    /// reconcile and the catch-up (every 5 minutes) are due too: each Kaspi slot passes as "flow off", the catch-up goes past
    /// the gate.
    /// </summary>
    private static async Task PassSlotsAsync(FlowsHarness system)
    {
        // The clock is ahead of the wall clock: a node plans each timer's slots after its trigger's last slot or its creation,
        // which the other node wrote on the wall clock.
        var now = DateTimeOffset.UtcNow;
        var boundary = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(10).Ticks), TimeSpan.Zero).AddMinutes(20);
        var clock = new FakeTimeProvider(boundary.AddMinutes(-3).AddMilliseconds(100));
        await using var node = InProcessNode.Start(system.Workflows, "flows-clock-node", clock, system.WorkflowSettings);
        await WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(node.Services.GetRequiredService<FlowAvailability>().Current is not null),
            TimeSpan.FromSeconds(30), "the node to read the gateway's flows");
        var catchUp = await TriggerAsync(system, "amocrm-status-catch-up");
        foreach (var slot in new[] { boundary.AddMinutes(-2), boundary.AddMinutes(-1), boundary })
        {
            clock.SetUtcNow(slot.AddMilliseconds(100));
            string[][] timers = slot == boundary ? [["kaspi-orders-to-amocrm"], ["kaspi-reconcile"], [catchUp, "amocrm-status-catch-up"]] : [["kaspi-orders-to-amocrm"]];
            await InProcessNode.WaitForSlotAsync(clock, slot, [node], timers);
            Assert.Equal(["LogFlowOff"], node.Timers.For(slot, "kaspi-orders-to-amocrm"));
        }

        Assert.Equal(["LogFlowOff"], node.Timers.For(boundary, "kaspi-reconcile"));
        // Past the gate: fired, or skipped because a run of this Singleton started by the other node still runs.
        Assert.Contains(Assert.Single(node.Timers.For(boundary, catchUp, "amocrm-status-catch-up")), new[] { "LogFired", "LogSingletonSkipped" });
    }

    private static async Task<string> TriggerAsync(FlowsHarness system, string definitionId)
    {
        await using var command = system.Workflows.DataSource.CreateCommand($"SELECT id FROM triggers WHERE kind = 'Cron' AND definition_id = '{definitionId}'");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AssertFlowOffAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith("flow off: ", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(reason, problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonObject> HealthAsync(FlowsHarness system)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + FlowsHarness.AdminPassword)));
        using var response = await system.Gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static JsonObject Vendor(JsonObject health, string name) =>
        health["vendors"]!.AsArray().OfType<JsonObject>().Single(v => v["name"]!.GetValue<string>() == name);

    private static JsonObject Flow(JsonObject health, string name) =>
        health["flows"]!.AsArray().OfType<JsonObject>().Single(f => f["name"]!.GetValue<string>() == name);

    /// <summary>What the Studio shell shows above the definition list: each published workflow that is off, with why.</summary>
    private static async Task<Dictionary<string, string>> StudioOffAsync(FlowsHarness system)
    {
        using var studio = await StudioSignIn.SignInAsync(system.Server.BaseAddress, OperatorPassword);
        JsonObject answer = [];
        await WorkflowServerHarness.WaitUntilAsync(async () =>
        {
            answer = (await studio.GetFromJsonAsync<JsonObject>("studio/api/flows"))!;
            return answer["known"]!.GetValue<bool>();
        }, TimeSpan.FromSeconds(30), "the workflows server to read the gateway's flows");
        return answer["off"]!.AsArray().OfType<JsonObject>()
            .ToDictionary(o => o["definitionId"]!.GetValue<string>(), o => o["reason"]!.GetValue<string>(), StringComparer.Ordinal);
    }
}
