using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.UnitTests;

public sealed class AmoPayloadsTests
{
    private static readonly AmoCrmOptions s_options = new() { PipelineId = 7012345, StatusId = 61234567, KaspiCodeFieldId = 1234567 };

    private static readonly KaspiOrder s_order = new(
        "785512309", "Nzg1", 184990.5m, 1732097650123, "NEW", "APPROVED_BY_BANK",
        new KaspiCustomer("Айгерим", "Сапарова", null, "7071234567"),
        [new KaspiEntry("SKU-PH-0451", "Смартфон Example X", 1, 179990m, 179990m), new KaspiEntry("SKU-CS-0098", "Чехол", 2, 2500m, 5000m)]);

    [Theory]
    [InlineData(184990.5, 184991)]
    [InlineData(184990.49, 184990)]
    [InlineData(-0.5, -1)]
    [InlineData(0, 0)]
    public void Price_RoundsHalfAwayFromZero(decimal amount, long expected) => Assert.Equal(expected, AmoPayloads.Price(amount));

    [Fact]
    public void LeadForReview_HasNoContact_AndBothTags_AndItsNoteNamesTheCustomer()
    {
        var lead = AmoPayloads.LeadForReview(s_order, s_options);
        var text = AmoPayloads.ReviewText(s_order, s_options.Texts);

        Assert.Null(lead["_embedded"]!["contacts"]);
        Assert.Equal(["Kaspi", "Проверить телефон"], lead["_embedded"]!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.StartsWith("Покупатель: Айгерим Сапарова. Телефон в заказе Kaspi №785512309 не распознан", text, StringComparison.Ordinal);
        Assert.Contains("Смартфон Example X", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7071234567", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComplexLead_EmbedsTheContactWithTheNormalisedPhone()
    {
        var lead = AmoPayloads.ComplexLead(s_order, "+77071234567", s_options);

        Assert.Equal("Kaspi 785512309", lead["name"]!.GetValue<string>());
        Assert.Equal(184991, lead["price"]!.GetValue<long>());
        Assert.Equal(7012345, lead["pipeline_id"]!.GetValue<long>());
        Assert.Equal(61234567, lead["status_id"]!.GetValue<long>());
        Assert.Equal("kaspi-785512309", lead["request_id"]!.GetValue<string>());
        Assert.Equal("785512309", lead["custom_fields_values"]![0]!["values"]![0]!["value"]!.GetValue<string>());
        var contact = lead["_embedded"]!["contacts"]![0]!;
        Assert.Equal("Айгерим Сапарова", contact["name"]!.GetValue<string>());
        Assert.Equal("PHONE", contact["custom_fields_values"]![0]!["field_code"]!.GetValue<string>());
        Assert.Equal("+77071234567", contact["custom_fields_values"]![0]!["values"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Kaspi", lead["_embedded"]!["tags"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void LinkedLead_LinksTheContactById()
    {
        var lead = AmoPayloads.LinkedLead(s_order, 40123456, s_options);
        Assert.Equal("""[{"id":40123456,"is_main":true}]""", lead["_embedded"]!["contacts"]!.ToJsonString());
    }

    [Fact]
    public void ItemsNote_ListsEveryLineInRussian()
    {
        var note = AmoPayloads.ItemsNote(24681357, s_order, new AmoCrmTexts());
        var text = note["params"]!["text"]!.GetValue<string>();

        Assert.Equal(24681357, note["entity_id"]!.GetValue<long>());
        Assert.Equal("common", note["note_type"]!.GetValue<string>());
        Assert.Contains("Заказ Kaspi №785512309", text, StringComparison.Ordinal);
        Assert.Contains("1. Смартфон Example X (арт. SKU-PH-0451) × 1 по 179990 ₸ = 179990 ₸", text, StringComparison.Ordinal);
        Assert.Contains("2. Чехол (арт. SKU-CS-0098) × 2 по 2500 ₸ = 5000 ₸", text, StringComparison.Ordinal);
        Assert.Contains("Итого: 184990.5 ₸", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Contact_WithoutAnyName_UsesTheConfiguredText()
    {
        var contact = AmoPayloads.Contact(new KaspiCustomer(null, null, null, "7071234567"), null, s_options);
        Assert.Equal("Покупатель Kaspi", contact["name"]!.GetValue<string>());
        Assert.Null(contact["custom_fields_values"]);
    }

    [Theory]
    [InlineData("kaspi-785512309", "785512309")]
    [InlineData("other", null)]
    [InlineData(null, null)]
    public void CodeOf_ReadsTheRequestId(string? requestId, string? code) => Assert.Equal(code, AmoPayloads.CodeOf(requestId));
}
