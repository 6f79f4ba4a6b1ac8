extern alias fakes;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>The shipped flows "amoCRM lead status → ERP task" and "crm/create-deal → ERP deal", with both services and the fakes.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class AmoCrmToErpFlowTests(PostgresFixture postgres)
{
    private const string Hook = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;

    // The shipped Kaspi poll also runs (every minute): each check looks at the webhook flow's instances only.
    private const string WebhookFlow = "amocrm-lead-status-to-erp";

    // amoCRM sends the lead's own fields along: a name and a custom field holding a phone number.
    private static readonly Dictionary<string, string> s_leadFieldsInTheWebhook = new()
    {
        ["leads[status][0][name]"] = "Заказ для Гульнары Абеновой",
        ["leads[status][0][price]"] = "184990",
        ["leads[status][0][custom_fields][0][id]"] = "55001",
        ["leads[status][0][custom_fields][0][values][0][value]"] = "+7 701 555 19 84",
    };

    [Fact]
    public async Task StatusWebhook_DeliveredFiveTimes_MakesExactlyOneErpTaskWithTheLeadsData()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server, new Dictionary<string, string?>
        {
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var lead = await system.Fakes.Control.GetAmoCrmLeadAsync(AmoCrmSeedIds.SeedLeadId);

        for (var i = 0; i < 5; i++)
        {
            var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(lead.Id, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300, s_leadFieldsInTheWebhook));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).Count == 5 && (await system.Workflows.InstancesAsync(WebhookFlow)).All(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(60), "the five instances to finish");
        Assert.All(await system.Workflows.InstancesAsync(WebhookFlow), i => Assert.Equal("Finished", i.SubStatus));
        var task = Assert.Single(await system.Fakes.Control.GetErpTasksAsync());
        Assert.Contains(lead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), task.Body.GetRawText(), StringComparison.Ordinal);

        // The task carries the customer (the gateway's template), but no customer data entered the workflows' database:
        // not the instances' state, not the journal, not the execution log.
        var details = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/amocrm/leads/{lead.Id}"))!;
        var contact = details["contacts"]!.AsArray().OfType<JsonObject>().Single(c => c["isMain"]!.GetValue<bool>());
        var customerName = contact["name"]!.GetValue<string>();
        var phones = contact["phones"]!.AsArray().Select(p => new string(p!.GetValue<string>().Where(char.IsAsciiDigit).ToArray())[^10..]).ToList();
        Assert.Contains(customerName, task.Body.GetRawText(), StringComparison.Ordinal);
        Assert.NotEmpty(phones);
        await using var dump = system.Workflows.DataSource.CreateCommand("""
            SELECT concat_ws(' ',
                (SELECT string_agg(state::text, ' ') FROM workflow_instances),
                (SELECT string_agg(row_to_json(e)::text, ' ') FROM activity_executions e),
                (SELECT string_agg(row_to_json(l)::text, ' ') FROM execution_log l))
            """);
        var stored = new string(((string)(await dump.ExecuteScalarAsync())!).Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '(' and not ')').ToArray());
        Assert.Contains(lead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(customerName.Replace(" ", "", StringComparison.Ordinal), stored, StringComparison.Ordinal);
        Assert.All(phones, phone => Assert.DoesNotContain(phone, stored, StringComparison.Ordinal));
        Assert.DoesNotContain("7015551984", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Гульнар", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("%D0%93", stored, StringComparison.Ordinal); // the name still form-encoded

        // Another pipeline: the webhook is taken, and no task is made.
        var other = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(lead.Id, AmoCrmSeedIds.WholesalePipelineId, AmoCrmSeedIds.WholesaleFirstStatusId, 1732101400));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).Count == 6 && (await system.Workflows.InstancesAsync(WebhookFlow)).All(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(30), "the sixth instance to finish");
        Assert.Single(await system.Fakes.Control.GetErpTasksAsync());
    }

    [Fact]
    public async Task Webhook_WrongSecretOrMalformedBody_IsRefusedAndStoresNothing()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server);

        var noSecret = await system.Http.PostAsync("workflows/amocrm/webhook", FlowsHarness.StatusWebhook(1, 2, 3, 4));
        var json = await system.Http.PostAsJsonAsync(Hook, new { leads = new[] { 1 } });
        var noAccount = await system.Http.PostAsync(Hook, new FormUrlEncodedContent(new Dictionary<string, string> { ["leads[status][0][id]"] = "1" }));
        var badId = await system.Http.PostAsync(Hook, new FormUrlEncodedContent(new Dictionary<string, string> { ["leads[status][0][id]"] = "x", ["account[id]"] = "1" }));

        Assert.Equal(HttpStatusCode.Unauthorized, noSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAccount.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal("application/problem+json", badId.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await system.Workflows.InstancesAsync(WebhookFlow));
    }

    [Fact]
    public async Task Webhook_ForALeadAmoCrmDoesNotHave_FaultsWithAnIncident_AndTheIncidentIsSentAsAnAlert()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server);

        var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(987654321, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).Any(i => i.SubStatus == "Faulted"),
            TimeSpan.FromSeconds(60), "the instance to fault");
        var faulted = Assert.Single(await system.Workflows.InstancesAsync(WebhookFlow));
        Assert.Contains("getLead", faulted.State["incidents"]![0]!["activityNodeId"]!.GetValue<string>(), StringComparison.Ordinal);
        await WorkflowServerHarness.WaitUntilAsync(async () => await system.Workflows.ScalarAsync("SELECT count(*) FROM incident_alerts WHERE sent_at IS NOT NULL") == 1,
            TimeSpan.FromSeconds(30), "the incident alert to reach the gateway");
        Assert.Empty(await system.Fakes.Control.GetErpTasksAsync());
    }

    [Fact]
    public async Task CreateDealEvent_SentTwiceWithOneEventId_MakesOneErpDeal()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server);

        for (var i = 0; i < 2; i++)
        {
            var answer = await system.Events.PostAsJsonAsync("workflows/events/crm/create-deal", new { dealName = "Оптовый заказ", amount = 250000.50m, eventId = "evt-42" });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync("crm-create-deal")).Count == 2 && (await system.Workflows.InstancesAsync("crm-create-deal")).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(60), "both deal instances to finish");
        var deal = Assert.Single(await system.Fakes.Control.GetErpDealsAsync());
        Assert.Contains("Оптовый заказ", System.Text.Json.JsonSerializer.Serialize(deal.Body, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
    }
}
