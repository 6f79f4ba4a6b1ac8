using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>Reads amoCRM's HAL JSON into our records, tolerating nulls and missing members.</summary>
public static class AmoCrmReader
{
    public static AmoLead Lead(JsonNode node) => new(
        Long(Get(node, "id")) ?? 0,
        Text(Get(node, "name")),
        Long(Get(node, "price")) ?? 0,
        Long(Get(node, "status_id")) ?? 0,
        Long(Get(node, "pipeline_id")) ?? 0,
        Long(Get(node, "responsible_user_id")),
        Long(Get(node, "created_at")) ?? 0,
        Long(Get(node, "updated_at")) ?? 0,
        Long(Get(node, "closed_at")),
        CustomFields(Get(node, "custom_fields_values")),
        Array(Get(node, "_embedded", "contacts")).Select(c => new AmoContactLink(Long(Get(c, "id")) ?? 0, Bool(Get(c, "is_main")))).ToList(),
        Array(Get(node, "_embedded", "tags")).Select(t => Text(Get(t, "name"))).OfType<string>().ToList());

    public static AmoContact Contact(JsonNode node)
    {
        var fields = CustomFields(Get(node, "custom_fields_values"));
        return new AmoContact(
            Long(Get(node, "id")) ?? 0,
            Text(Get(node, "name")),
            Text(Get(node, "first_name")),
            Text(Get(node, "last_name")),
            Long(Get(node, "updated_at")) ?? 0,
            ValuesOf(fields, "PHONE"),
            ValuesOf(fields, "EMAIL"),
            fields);
    }

    public static IReadOnlyList<AmoCustomFieldValue> CustomFields(JsonNode? node) =>
        Array(node).Select(f => new AmoCustomFieldValue(
            Long(Get(f, "field_id")) ?? 0,
            Text(Get(f, "field_name")),
            Text(Get(f, "field_code")),
            Text(Get(f, "field_type")),
            Array(Get(f, "values")).Select(v => new AmoFieldValue(Text(Get(v, "value")), Long(Get(v, "enum_id")), Text(Get(v, "enum_code")))).ToList()))
        .ToList();

    public static IReadOnlyList<string> ValuesOf(IReadOnlyList<AmoCustomFieldValue> fields, string code) =>
        fields.Where(f => string.Equals(f.FieldCode, code, StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => f.Values)
            .Select(v => v.Value)
            .OfType<string>()
            .ToList();

    public static AmoPipeline Pipeline(JsonNode node) => new(
        Long(Get(node, "id")) ?? 0,
        Text(Get(node, "name")),
        Bool(Get(node, "is_main")),
        Bool(Get(node, "is_archive")),
        Array(Get(node, "_embedded", "statuses")).Select(s => new AmoStatus(
            Long(Get(s, "id")) ?? 0, Text(Get(s, "name")), Long(Get(s, "pipeline_id")) ?? 0, (int)(Long(Get(s, "type")) ?? 0), (int)(Long(Get(s, "sort")) ?? 0))).ToList());

    public static AmoCustomFieldDefinition FieldDefinition(JsonNode node) => new(
        Long(Get(node, "id")) ?? 0,
        Text(Get(node, "name")),
        Text(Get(node, "code")),
        Text(Get(node, "type")),
        Array(Get(node, "enums")).Select(e => new AmoEnum(Long(Get(e, "id")) ?? 0, Text(Get(e, "value")))).ToList());

    public static IReadOnlyList<JsonNode> Array(JsonNode? node) =>
        node is JsonArray array ? array.Where(n => n is not null).Select(n => n!).ToList() : [];

    /// <summary>A string as is; numbers, flags and objects as their JSON text; null as null.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number when value.TryGetValue<double>(out var d) => (long)d,
            JsonValueKind.String when long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    /// <summary>
    /// A member, or a member of a member: null when one is missing or is not an object. amoCRM is a PHP service and may send an
    /// empty object as <c>[]</c> (<c>"_embedded": []</c>); indexing that by name would throw.
    /// </summary>
    public static JsonNode? Get(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        return node;
    }

    public static bool Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
