using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Integrations.Kaspi;

/// <summary>Reads Kaspi's JSON:API documents (contract kaspi §2, §5, §6, §10, §11).</summary>
public static class KaspiReader
{
    public static KaspiOrderPage OrderPage(JsonNode document)
    {
        var included = Array(document["included"]);
        var orders = Array(document["data"]).Select(order => Order(order, included)).OfType<KaspiOrder>().ToList();
        return new KaspiOrderPage(orders, (int)(Long(document["meta"]?["pageCount"]) ?? 0), (int)(Long(document["meta"]?["totalCount"]) ?? orders.Count));
    }

    /// <summary>An order resource; the customer from <c>attributes.customer</c> or, failing that, the included <c>customers</c> resource.</summary>
    public static KaspiOrder? Order(JsonNode resource, IReadOnlyList<JsonNode> included)
    {
        var a = resource["attributes"];
        var code = Text(a?["code"]);
        if (a is null || string.IsNullOrEmpty(code))
        {
            return null;
        }

        var customerNode = a["customer"];
        if (customerNode is null && Text(resource["relationships"]?["user"]?["data"]?["id"]) is { } userId)
        {
            customerNode = included.FirstOrDefault(i => Text(i["type"]) == "customers" && Text(i["id"]) == userId)?["attributes"];
        }

        var customer = customerNode is null
            ? null
            : new KaspiCustomer(Text(customerNode["firstName"]), Text(customerNode["lastName"]), Text(customerNode["name"]), Text(customerNode["cellPhone"]));
        return new KaspiOrder(
            code,
            Text(resource["id"]),
            Decimal(a["totalPrice"]) ?? 0,
            Long(a["creationDate"]) ?? 0,
            Text(a["state"]),
            Text(a["status"]),
            customer,
            null,
            Text(a["deliveryMode"]),
            Text(a["paymentMode"]),
            a["isKaspiDelivery"] is JsonValue v && v.GetValueKind() == JsonValueKind.True,
            Long(a["approvedByBankDate"]));
    }

    public static IReadOnlyList<KaspiEntry> Entries(JsonNode document) =>
        Array(document["data"]).Select(entry =>
        {
            var a = entry["attributes"];
            return new KaspiEntry(
                Text(a?["offer"]?["code"]),
                Text(a?["offer"]?["name"]),
                Decimal(a?["quantity"]) ?? 0,
                Decimal(a?["basePrice"]) ?? 0,
                Decimal(a?["totalPrice"]) ?? 0);
        }).ToList();

    private static IReadOnlyList<JsonNode> Array(JsonNode? node) =>
        node is JsonArray array ? array.Where(n => n is not null).Select(n => n!).ToList() : [];

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    private static long? Long(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        ? value.TryGetValue<long>(out var l) ? l : (long)value.GetValue<double>()
        : node is JsonValue s && s.GetValueKind() == JsonValueKind.String && long.TryParse(s.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;

    private static decimal? Decimal(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        ? value.TryGetValue<decimal>(out var d) ? d : (decimal)value.GetValue<double>()
        : null;
}
