using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.Erp;

namespace Prometei.Api.UnitTests;

public sealed class ErpTemplateTests
{
    private static readonly JsonObject s_lead = JsonNode.Parse("""
        {
          "id": 24681357, "name": "Kaspi 785512309", "price": 184990, "statusId": 61234571, "pipelineId": 7012345,
          "customFields": [
            { "fieldId": 1234567, "fieldName": "Kaspi order code", "values": [ { "value": "785512309" } ] },
            { "fieldId": 1234571, "fieldName": "Доставка", "values": [ { "value": "Kaspi Доставка", "enumId": 905511 } ] }
          ],
          "contacts": [
            { "id": 1, "isMain": false, "name": "Другой", "phones": [] },
            { "id": 40123456, "isMain": true, "name": "Айгерим Сапарова", "phones": [ "8 (707) 123-45-67" ] }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void Render_WholePlaceholder_KeepsTheValuesType()
    {
        var rendered = ErpTemplate.Render(Template("""{"amount":"{{lead.price}}","id":"{{lead.id}}","missing":"{{lead.nope}}"}"""), Context());
        Assert.Equal(184990, rendered["amount"]!.GetValue<long>());
        Assert.Equal(24681357, rendered["id"]!.GetValue<long>());
        Assert.Null(rendered["missing"]);
    }

    [Fact]
    public void Render_PlaceholderInsideText_IsInterpolated() =>
        Assert.Equal(
            "Сделка Kaspi 785512309 на 184990 ₸, доставка: Kaspi Доставка",
            ErpTemplate.Render(Template("""{"t":"Сделка {{lead.name}} на {{lead.price}} ₸, доставка: {{lead.custom.1234571}}{{lead.nope}}"}"""), Context())["t"]!.GetValue<string>());

    [Fact]
    public void Render_CustomFieldAndMainContact_AreReachable()
    {
        var rendered = ErpTemplate.Render(Template("""{"code":"{{lead.custom.1234567}}","customer":"{{lead.contact.name}}","phone":"{{lead.contact.phone}}"}"""), Context());
        Assert.Equal("785512309", rendered["code"]!.GetValue<string>());
        Assert.Equal("Айгерим Сапарова", rendered["customer"]!.GetValue<string>());
        Assert.Equal("+77071234567", rendered["phone"]!.GetValue<string>());
    }

    [Fact]
    public void Render_Texts_AreTemplatesThemselves() =>
        Assert.Equal(
            "Заказ 785512309",
            ErpTemplate.Render(Template("""{"title":"{{texts.title}}"}"""), Context(), new Dictionary<string, string> { ["title"] = "Заказ {{lead.custom.1234567}}" })["title"]!.GetValue<string>());

    [Fact]
    public void Render_NestedObjectsAndArrays_AreWalked()
    {
        var rendered = ErpTemplate.Render(Template("""{"a":{"b":["{{lead.id}}", 5, true, null]}}"""), Context());
        Assert.Equal("""{"a":{"b":[24681357,5,true,null]}}""", rendered.ToJsonString());
    }

    [Fact]
    public void Render_Deal_ReadsTheEvent()
    {
        var mapping = new ErpMapping(Options.Create(new ErpOptions()), TimeProvider.System);
        var payload = mapping.Deal(new JsonObject { ["dealName"] = "Опт: Ромашка", ["amount"] = 500000, ["leadId"] = 77 });
        Assert.Equal("Опт: Ромашка", payload["dealName"]!.GetValue<string>());
        Assert.Equal(500000, payload["amount"]!.GetValue<int>());
        Assert.Equal("Сделка из amoCRM №77", payload["comment"]!.GetValue<string>());
    }

    [Fact]
    public void Task_DefaultTemplate_IsRussianAndTyped()
    {
        var mapping = new ErpMapping(Options.Create(new ErpOptions()), TimeProvider.System);
        var payload = mapping.Task(s_lead);
        Assert.Equal("Сделка amoCRM №24681357: Kaspi 785512309", payload["title"]!.GetValue<string>());
        Assert.Equal(184990, payload["amount"]!.GetValue<long>());
        Assert.Equal(24681357, payload["amoLeadId"]!.GetValue<long>());
    }

    [Fact]
    public void Task_ConfiguredTemplateAndTexts_ReplaceTheDefaults()
    {
        var options = new ErpOptions
        {
            TaskTemplate = """{"subject":"{{texts.taskTitle}}","sum":"{{lead.price}}"}""",
            Texts = new() { ["taskTitle"] = "Order {{lead.id}}" },
        };
        var payload = new ErpMapping(Options.Create(options), TimeProvider.System).Task(s_lead);
        Assert.Equal("""{"subject":"Order 24681357","sum":184990}""", payload.ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1]")]
    [InlineData("{not json")]
    public void TryParse_NotAnObject_Fails(string template)
    {
        Assert.Null(ErpTemplate.TryParse(template, out var error));
        Assert.NotNull(error);
    }

    private static JsonObject Template(string json) => ErpTemplate.TryParse(json, out _)!;

    private static JsonObject Context() => new() { ["lead"] = ErpMapping.LeadContext(s_lead) };
}
