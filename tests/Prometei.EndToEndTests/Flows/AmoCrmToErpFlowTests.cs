extern alias fakes;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes;
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

    // amoCRM deliveries of events no flow uses, as they go over the wire (shared/contracts/amocrm-api.md §14.2): a contact
    // added (with its PHONE custom field), a company updated (sent under companies[…], and by some accounts as a contact of
    // type company), a lead deleted.
    public static TheoryData<string, string> UnusedDeliveries => new()
    {
        {
            "contacts[add]",
            "contacts%5Badd%5D%5B0%5D%5Bid%5D=41234567&contacts%5Badd%5D%5B0%5D%5Bname%5D=%D0%90%D0%B9%D0%B3%D1%83%D0%BB%D1%8C+%D0%A1%D0%B5%D1%80%D0%B8%D0%BA%D0%BE%D0%B2%D0%B0" +
            "&contacts%5Badd%5D%5B0%5D%5Bresponsible_user_id%5D=9012345&contacts%5Badd%5D%5B0%5D%5Bdate_create%5D=1732101300" +
            "&contacts%5Badd%5D%5B0%5D%5Blast_modified%5D=1732101300&contacts%5Badd%5D%5B0%5D%5Bcreated_user_id%5D=9012345" +
            "&contacts%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bid%5D=302211&contacts%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bname%5D=%D0%A2%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD" +
            "&contacts%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bcode%5D=PHONE&contacts%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Bvalue%5D=%2B77015551984" +
            "&contacts%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Benum%5D=704331&contacts%5Badd%5D%5B0%5D%5Btype%5D=contact" +
            "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567&account%5B_links%5D%5Bself%5D=https%3A%2F%2Facmeshop.amocrm.ru"
        },
        {
            "contacts[update]",
            "contacts%5Bupdate%5D%5B0%5D%5Bid%5D=41234567&contacts%5Bupdate%5D%5B0%5D%5Bname%5D=Aigul&contacts%5Bupdate%5D%5B0%5D%5Blast_modified%5D=1732101400" +
            "&contacts%5Bupdate%5D%5B0%5D%5Blinked_leads_id%5D%5B24681357%5D%5BID%5D=24681357&contacts%5Bupdate%5D%5B0%5D%5Btype%5D=contact" +
            "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567"
        },
        {
            "companies[update]",
            "companies%5Bupdate%5D%5B0%5D%5Bid%5D=51234567&companies%5Bupdate%5D%5B0%5D%5Bname%5D=%D0%A2%D0%9E%D0%9E+%D0%90%D0%BB%D0%B0%D1%82%D0%B0%D1%83" +
            "&companies%5Bupdate%5D%5B0%5D%5Bresponsible_user_id%5D=9012345&companies%5Bupdate%5D%5B0%5D%5Blast_modified%5D=1732101500" +
            "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567"
        },
        {
            "contacts[add]",
            "contacts%5Badd%5D%5B0%5D%5Bid%5D=51234568&contacts%5Badd%5D%5B0%5D%5Bname%5D=Acme+LLP&contacts%5Badd%5D%5B0%5D%5Btype%5D=company" +
            "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567"
        },
        {
            "leads[delete]",
            "leads%5Bdelete%5D%5B0%5D%5Bid%5D=24681357&leads%5Bdelete%5D%5B0%5D%5Bstatus_id%5D=61234571&leads%5Bdelete%5D%5B0%5D%5Bpipeline_id%5D=7012345" +
            "&account%5Bsubdomain%5D=acmeshop&account%5Bid%5D=31234567"
        },
    };

    [Fact]
    public async Task Webhook_WellFormedDeliveriesOfUnusedEvents_Get200AndLeaveNoInstance()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server);

        foreach (var (events, body) in UnusedDeliveries.Select(row => ((string)row[0], (string)row[1])))
        {
            var answer = await system.Http.PostAsync(Hook, new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var json = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(events, json["ignored"]!.GetValue<string>());
            Assert.Null(json["workflowInstanceId"]);
        }

        // A malformed body (a lead event without account[id]; other events may lack it, as amoCRM's task and chat hooks do) and a
        // wrong secret are still refused.
        var noAccount = await system.Http.PostAsync(Hook, new StringContent("leads%5Bstatus%5D%5B0%5D%5Bid%5D=1", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        var wrongSecret = await system.Http.PostAsync("workflows/amocrm/webhook?secret=wrong", new StringContent((string)UnusedDeliveries.First()[1], System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, noAccount.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Empty(await system.Workflows.InstancesAsync(WebhookFlow));
    }

    [Fact]
    public async Task Webhook_ForALeadAmoCrmDoesNotHave_EndsWithNotFoundAfterOneRequest_AndOtherLeadsKeepWorking()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server);
        const long gone = 987654321;

        var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(gone, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).Any(i => i.Status == "Finished"),
            TimeSpan.FromSeconds(60), "the instance to finish");
        var finished = Assert.Single(await system.Workflows.InstancesAsync(WebhookFlow));
        Assert.Equal("Finished", finished.SubStatus);
        Assert.Empty(finished.State["incidents"]?.AsArray() ?? []);
        Assert.Equal(1, await system.Workflows.ScalarAsync(
            $"SELECT count(*) FROM activity_executions WHERE instance_id = '{finished.Id}' AND activity_id = 'createTask' AND outcomes = '[\"Lead not found\"]'::jsonb"));
        Assert.Equal(1, await system.Workflows.ScalarAsync($"SELECT count(*) FROM activity_executions WHERE instance_id = '{finished.Id}' AND activity_id = 'createTask'"));
        var reads = await system.Fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, $"/api/v4/leads/{gone}");
        Assert.Single(reads);

        // The gateway's breaker did not count it: reads of other leads, and the ERP, keep working.
        var lead = await system.Fakes.Control.GetAmoCrmLeadAsync(AmoCrmSeedIds.SeedLeadId);
        var next = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(lead.Id, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101301));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Fakes.Control.GetErpTasksAsync()).Count == 1, TimeSpan.FromSeconds(60), "the other lead's ERP task");
        var task = Assert.Single(await system.Fakes.Control.GetErpTasksAsync());
        Assert.Contains(lead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), task.Body.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The documented bound (README, "One owner per retry"): a 5xx is retried by the engine alone, so one logical amoCRM GET
    /// goes on the wire the activity's retry policy's maxAttempts times (default 5), never attempts × HTTP retries.
    /// </summary>
    [Fact]
    public async Task OneAmoCrmGet_AgainstAnAmoCrmThatAlwaysAnswers503_GoesOnTheWireExactlyMaxAttemptsTimes()
    {
        // Without the outage window (Integration:RetryWindow, 24 h by default, when attempts are bounded by time instead).
        await using var system = await FlowsHarness.StartAsync(postgres.Server, new Dictionary<string, string?> { ["Integration__RetryWindow"] = "00:00:00" });
        var lead = await system.Fakes.Control.GetAmoCrmLeadAsync(AmoCrmSeedIds.SeedLeadId);
        await system.Fakes.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { Status5xxRate = 1, Status5xxCode = 503, PathPrefix = "/api/v4/leads" });

        var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(lead.Id, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).Any(i => i.SubStatus == "Faulted"),
            TimeSpan.FromSeconds(120), "the instance to give up");
        var onTheWire = await system.Fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, $"/api/v4/leads/{lead.Id}", "GET");
        Assert.Equal(5, onTheWire.Count);
        Assert.All(onTheWire, r => Assert.Equal(503, r.Status));
        Assert.Empty(await system.Fakes.Control.GetErpTasksAsync());
    }

    [Fact]
    public async Task Webhook_WhoseStepFailsForGood_FaultsWithAnIncident_AndTheIncidentIsSentAsAnAlert()
    {
        await using var system = await FlowsHarness.StartAsync(postgres.Server);

        // Lead id 0 is well-formed for the webhook, and the gateway refuses it (400): a permanent failure.
        var answer = await system.Http.PostAsync(Hook, FlowsHarness.StatusWebhook(0, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await WorkflowServerHarness.WaitUntilAsync(async () => (await system.Workflows.InstancesAsync(WebhookFlow)).Any(i => i.SubStatus == "Faulted"),
            TimeSpan.FromSeconds(60), "the instance to fault");
        var faulted = Assert.Single(await system.Workflows.InstancesAsync(WebhookFlow));
        Assert.Contains("createTask", faulted.State["incidents"]![0]!["activityNodeId"]!.GetValue<string>(), StringComparison.Ordinal);
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
