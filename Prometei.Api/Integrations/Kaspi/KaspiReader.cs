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
        var included = Array(Member(document, "included"));
        var orders = Array(Member(document, "data")).Select(order => Order(order, included)).OfType<KaspiOrder>().ToList();
        return new KaspiOrderPage(orders, PageCount(document), (int)(Long(Member(document, "meta", "totalCount")) ?? orders.Count), Member(document, "links", "next") is JsonValue);
    }

    /// <summary><c>meta.pageCount</c>, or null when Kaspi sent none.</summary>
    public static int? PageCount(JsonNode document) => Long(Member(document, "meta", "pageCount")) is long count ? (int)count : null;

    /// <summary>
    /// <c>links.next</c> as a path relative to <paramref name="baseAddress"/>, or null when there is none or it points anywhere
    /// else (the Kaspi token goes with every request, so only Kaspi's own API is followed).
    /// </summary>
    public static string? NextLink(JsonNode document, Uri? baseAddress)
    {
        if (Text(Member(document, "links", "next")) is not { Length: > 0 } next || baseAddress is null
            || !Uri.TryCreate(baseAddress, next, out var target))
        {
            return null;
        }

        var relative = baseAddress.MakeRelativeUri(target);
        return relative.IsAbsoluteUri || relative.OriginalString.StartsWith("..", StringComparison.Ordinal) || target.Host != baseAddress.Host
            ? null
            : relative.OriginalString;
    }

    /// <summary>A member of a member, or null when either is missing or not an object (a vendor's <c>[]</c> for an empty object).</summary>
    private static JsonNode? Member(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        return node;
    }

    /// <summary>An order resource; the customer from <c>attributes.customer</c> or, failing that, the included <c>customers</c> resource.</summary>
    public static KaspiOrder? Order(JsonNode resource, IReadOnlyList<JsonNode> included)
    {
        var a = Member(resource, "attributes");
        var code = Text(Member(a, "code"));
        if (a is not JsonObject || string.IsNullOrEmpty(code))
        {
            return null;
        }

        var customerNode = Member(a, "customer") as JsonObject;
        if (customerNode is null && Text(Member(resource, "relationships", "user", "data", "id")) is { } userId)
        {
            customerNode = Member(included.FirstOrDefault(i => Text(Member(i, "type")) == "customers" && Text(Member(i, "id")) == userId), "attributes") as JsonObject;
        }

        var customer = customerNode is null
            ? null
            : new KaspiCustomer(Text(customerNode["firstName"]), Text(customerNode["lastName"]), Text(customerNode["name"]), Text(customerNode["cellPhone"]));
        return new KaspiOrder(
            code,
            Text(Member(resource, "id")),
            Decimal(Member(a, "totalPrice")) ?? 0,
            Long(Member(a, "creationDate")) ?? 0,
            Text(Member(a, "state")),
            Text(Member(a, "status")),
            customer,
            null,
            Text(Member(a, "deliveryMode")),
            Text(Member(a, "paymentMode")),
            Member(a, "isKaspiDelivery") is JsonValue v && v.GetValueKind() == JsonValueKind.True,
            Long(Member(a, "approvedByBankDate")));
    }

    /// <summary>
    /// The lines of an order. An offer without a name (or code) takes its product's from <c>included</c> when Kaspi sent the
    /// product along (<c>relationships.product.data</c> → a <c>masterproducts</c> resource).
    /// </summary>
    public static IReadOnlyList<KaspiEntry> Entries(JsonNode document)
    {
        var included = Array(Member(document, "included"));
        return Array(Member(document, "data")).Select(entry =>
        {
            var a = Member(entry, "attributes");
            var productId = Text(Member(entry, "relationships", "product", "data", "id"));
            var product = productId is null
                ? null
                : Member(included.FirstOrDefault(i => Text(Member(i, "type")) == "masterproducts" && Text(Member(i, "id")) == productId), "attributes");
            return new KaspiEntry(
                Text(Member(a, "offer", "code")) ?? Text(Member(product, "code")),
                NonBlank(Text(Member(a, "offer", "name"))) ?? NonBlank(Text(Member(product, "name"))),
                Decimal(Member(a, "quantity")) ?? 0,
                Decimal(Member(a, "basePrice")) ?? 0,
                Decimal(Member(a, "totalPrice")) ?? 0);
        }).ToList();
    }

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The resources of an array; anything that is not an object in it is skipped.</summary>
    private static IReadOnlyList<JsonNode> Array(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

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
        : node is JsonValue s && s.GetValueKind() == JsonValueKind.String
            && decimal.TryParse(s.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
}
