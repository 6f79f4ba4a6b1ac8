using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

public sealed class AmoCrmLeadsTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task A_lead_read_with_contacts_embeds_them_and_without_does_not()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var with = await http.GetAsync($"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}?with=contacts");
        using var without = await http.GetAsync($"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}");
        var lead = await with.JsonAsync();

        Assert.Equal("application/hal+json", with.Content.Headers.ContentType?.MediaType);
        Assert.Equal(184990, lead["price"]!.GetValue<long>());
        Assert.Equal(AmoCrmSeedIds.SendToErpStatusId, lead["status_id"]!.GetValue<long>());
        var contact = lead["_embedded"]!["contacts"]![0]!;
        Assert.Equal(AmoCrmSeedIds.AigerimContactId, contact["id"]!.GetValue<long>());
        Assert.True(contact["is_main"]!.GetValue<bool>());
        Assert.Equal("785512309", lead["custom_fields_values"]![0]!["values"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Kaspi", lead["_embedded"]!["tags"]![0]!["name"]!.GetValue<string>());
        Assert.Null((await without.JsonAsync())["_embedded"]!["contacts"]);
    }

    [Fact]
    public async Task Complex_add_takes_50_leads_with_contacts_and_refuses_51_without_creating_any()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        var before = (await fakes.Control.GetAmoCrmLeadsAsync()).Count;

        using var fifty = await http.PostAsJsonAsync("api/v4/leads/complex", ComplexLeads(50));
        var created = (await fakes.Control.GetAmoCrmLeadsAsync()).Count;
        using var fiftyOne = await http.PostAsJsonAsync("api/v4/leads/complex", ComplexLeads(51, offset: 100));

        Assert.Equal(HttpStatusCode.OK, fifty.StatusCode);
        var results = (await fifty.JsonAsync()).AsArray();
        Assert.Equal(50, results.Count);
        Assert.All(results, r =>
        {
            Assert.True(r!["id"]!.GetValue<long>() > 0);
            Assert.True(r["contact_id"]!.GetValue<long>() > 0);
            Assert.False(r["merged"]!.GetValue<bool>());
        });
        Assert.Equal("kaspi-0", results[0]!["request_id"]![0]!.GetValue<string>());
        Assert.Equal(before + 50, created);

        Assert.Equal(HttpStatusCode.BadRequest, fiftyOne.StatusCode);
        Assert.Equal("application/problem+json", fiftyOne.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await fiftyOne.JsonAsync())["validation-errors"]);
        Assert.Equal(created, (await fakes.Control.GetAmoCrmLeadsAsync()).Count);
    }

    [Fact]
    public async Task Complex_add_links_an_existing_contact_by_id_unless_switched_to_reject()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        var body = new[] { new { name = "Kaspi 1", price = 1000, _embedded = new { contacts = new[] { new { id = AmoCrmSeedIds.ErlanContactId } } } } };

        using var linked = await http.PostAsJsonAsync("api/v4/leads/complex", body);
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { ComplexContactById = ComplexContactById.Reject });
        using var rejected = await http.PostAsJsonAsync("api/v4/leads/complex", body);

        var result = (await linked.JsonAsync())[0]!;
        Assert.Equal(AmoCrmSeedIds.ErlanContactId, result["contact_id"]!.GetValue<long>());
        var lead = await fakes.Control.GetAmoCrmLeadAsync(result["id"]!.GetValue<long>());
        Assert.Equal(AmoCrmSeedIds.ErlanContactId, lead.MainContactId);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
    }

    [Fact]
    public async Task Duplicate_control_merges_a_contact_whose_phone_exists_when_switched_on()
    {
        var fakes = Fakes;
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { DuplicateControl = true });
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var response = await http.PostAsJsonAsync("api/v4/leads/complex", ComplexLeads(1, phone: "+77071234567"));
        var result = (await response.JsonAsync())[0]!;

        Assert.True(result["merged"]!.GetValue<bool>());
        Assert.Equal(AmoCrmSeedIds.AigerimContactId, result["contact_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Invalid_leads_fail_the_whole_batch_with_validation_errors()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        var before = (await fakes.Control.GetAmoCrmLeadsAsync()).Count;
        var body = new JsonArray(
            new JsonObject { ["name"] = "ok", ["price"] = 1000, ["request_id"] = "good" },
            new JsonObject { ["name"] = "fraction", ["price"] = 1999.5, ["request_id"] = "bad-price" },
            new JsonObject { ["name"] = "won", ["status_id"] = AmoCrmSeedIds.WonStatusId, ["request_id"] = "bad-status" },
            new JsonObject
            {
                ["name"] = "field",
                ["request_id"] = "bad-field",
                ["custom_fields_values"] = new JsonArray(new JsonObject { ["field_id"] = 42, ["values"] = new JsonArray(new JsonObject { ["value"] = "x" }) }),
            });

        using var response = await http.PostAsJsonAsync("api/v4/leads", body);
        var errors = (await response.JsonAsync())["validation-errors"]!.AsArray();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["bad-price", "bad-status", "bad-field"], errors.Select(e => e!["request_id"]!.GetValue<string>()));
        Assert.Equal("price", errors[0]!["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Equal("custom_fields_values.0.field_id", errors[2]!["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Equal("NotSupportedChoice", errors[2]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(before, (await fakes.Control.GetAmoCrmLeadsAsync()).Count);
    }

    [Fact]
    public async Task Batch_create_echoes_request_ids_and_honours_its_size_limit()
    {
        var fakes = Fakes;
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { MaxEntitiesPerRequest = 50 });
        using var http = await fakes.ConnectedAmoCrmAsync();
        var leads = Enumerable.Range(0, 51).Select(i => new
        {
            name = $"Kaspi {i}",
            price = 1000 + i,
            pipeline_id = AmoCrmSeedIds.KaspiPipelineId,
            status_id = AmoCrmSeedIds.NewOrderStatusId,
            request_id = $"r{i}",
            _embedded = new { contacts = new[] { new { id = AmoCrmSeedIds.AigerimContactId, is_main = true } }, tags = new[] { new { name = "Kaspi" } } },
        }).ToArray();

        using var tooMany = await http.PostAsJsonAsync("api/v4/leads", leads);
        using var ok = await http.PostAsJsonAsync("api/v4/leads", leads[..50]);
        var created = (await ok.JsonAsync())["_embedded"]!["leads"]!.AsArray();

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(50, created.Count);
        Assert.Equal("r49", created[49]!["request_id"]!.GetValue<string>());
        var stored = await fakes.Control.GetAmoCrmLeadAsync(created[0]!["id"]!.GetValue<long>());
        Assert.Equal(AmoCrmSeedIds.AigerimContactId, stored.MainContactId);
        Assert.Equal(["Kaspi"], stored.Tags);
    }

    [Fact]
    public async Task Notes_are_added_to_a_lead_and_an_empty_note_list_is_204()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var empty = await http.GetAsync($"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}/notes");
        using var added = await http.PostAsJsonAsync(
            $"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}/notes",
            new[] { new { note_type = "common", @params = new { text = "Смартфон × 1 = 179990 ₸" } } });
        using var blank = await http.PostAsJsonAsync($"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}/notes", new[] { new { note_type = "common" } });
        using var listed = await http.GetAsync($"api/v4/leads/{AmoCrmSeedIds.SeedLeadId}/notes");

        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(AmoCrmSeedIds.SeedLeadId, (await added.JsonAsync())["_embedded"]!["notes"]![0]!["entity_id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Single((await listed.JsonAsync())["_embedded"]!["notes"]!.AsArray());
        Assert.Equal("Смартфон × 1 = 179990 ₸", (await fakes.Control.GetAmoCrmNotesAsync()).Single().Text);
    }

    [Fact]
    public async Task Pipelines_carry_their_statuses_including_won_and_lost()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();

        using var response = await http.GetAsync("api/v4/leads/pipelines");
        var pipelines = (await response.JsonAsync())["_embedded"]!["pipelines"]!.AsArray();

        Assert.Equal(2, pipelines.Count);
        foreach (var pipeline in pipelines)
        {
            var statuses = pipeline!["_embedded"]!["statuses"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()).ToList();
            Assert.Contains(AmoCrmSeedIds.WonStatusId, statuses);
            Assert.Contains(AmoCrmSeedIds.LostStatusId, statuses);
        }
    }

    [Fact]
    public async Task A_status_change_sends_the_form_encoded_webhook_to_subscribers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        using var subscribed = await http.PostAsJsonAsync("api/v4/webhooks", new { destination = receiver.Url, settings = new[] { "status_lead" } });

        await fakes.Control.ChangeLeadStatusAsync(AmoCrmSeedIds.SeedLeadId, new LeadStatusChange(AmoCrmSeedIds.ShippedStatusId));
        var form = await receiver.NextAsync();

        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        Assert.Equal(AmoCrmSeedIds.SeedLeadId.ToString(System.Globalization.CultureInfo.InvariantCulture), form["leads[status][0][id]"]);
        Assert.Equal(AmoCrmSeedIds.ShippedStatusId.ToString(System.Globalization.CultureInfo.InvariantCulture), form["leads[status][0][status_id]"]);
        Assert.Equal(AmoCrmSeedIds.SendToErpStatusId.ToString(System.Globalization.CultureInfo.InvariantCulture), form["leads[status][0][old_status_id]"]);
        Assert.Equal("acmeshop", form["account[subdomain]"]);
        Assert.Equal("785512309", form["leads[status][0][custom_fields][0][values][0][value]"]);
    }

    internal static object[] ComplexLeads(int count, int offset = 0, string? phone = null) =>
        Enumerable.Range(offset, count).Select(i => (object)new
        {
            name = $"Kaspi {i}",
            price = 184990,
            pipeline_id = AmoCrmSeedIds.KaspiPipelineId,
            status_id = AmoCrmSeedIds.NewOrderStatusId,
            request_id = $"kaspi-{i}",
            custom_fields_values = new[] { new { field_id = AmoCrmSeedIds.KaspiOrderCodeFieldId, values = new[] { new { value = $"7855{i:D5}" } } } },
            _embedded = new
            {
                tags = new[] { new { name = "Kaspi" } },
                contacts = new[]
                {
                    new
                    {
                        first_name = "Покупатель",
                        last_name = $"№{i}",
                        custom_fields_values = new[] { new { field_code = "PHONE", values = new[] { new { value = phone ?? $"+7701{i:D7}", enum_code = "MOB" } } } },
                    },
                },
            },
        }).ToArray();
}
