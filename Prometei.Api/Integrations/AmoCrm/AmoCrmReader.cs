using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>Reads amoCRM's HAL JSON into our records, tolerating nulls and missing members.</summary>
public static class AmoCrmReader
{
    public static AmoLead Lead(JsonNode node) => new(
        Long(node["id"]) ?? 0,
        Text(node["name"]),
        Long(node["price"]) ?? 0,
        Long(node["status_id"]) ?? 0,
        Long(node["pipeline_id"]) ?? 0,
        Long(node["responsible_user_id"]),
        Long(node["created_at"]) ?? 0,
        Long(node["updated_at"]) ?? 0,
        Long(node["closed_at"]),
        CustomFields(node["custom_fields_values"]),
        Array(node["_embedded"]?["contacts"]).Select(c => new AmoContactLink(Long(c["id"]) ?? 0, Bool(c["is_main"]))).ToList(),
        Array(node["_embedded"]?["tags"]).Select(t => Text(t["name"])).OfType<string>().ToList());

    public static AmoContact Contact(JsonNode node)
    {
        var fields = CustomFields(node["custom_fields_values"]);
        return new AmoContact(
            Long(node["id"]) ?? 0,
            Text(node["name"]),
            Text(node["first_name"]),
            Text(node["last_name"]),
            Long(node["updated_at"]) ?? 0,
            ValuesOf(fields, "PHONE"),
            ValuesOf(fields, "EMAIL"),
            fields);
    }

    public static IReadOnlyList<AmoCustomFieldValue> CustomFields(JsonNode? node) =>
        Array(node).Select(f => new AmoCustomFieldValue(
            Long(f["field_id"]) ?? 0,
            Text(f["field_name"]),
            Text(f["field_code"]),
            Text(f["field_type"]),
            Array(f["values"]).Select(v => new AmoFieldValue(Text(v["value"]), Long(v["enum_id"]), Text(v["enum_code"]))).ToList()))
        .ToList();

    public static IReadOnlyList<string> ValuesOf(IReadOnlyList<AmoCustomFieldValue> fields, string code) =>
        fields.Where(f => string.Equals(f.FieldCode, code, StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => f.Values)
            .Select(v => v.Value)
            .OfType<string>()
            .ToList();

    public static AmoPipeline Pipeline(JsonNode node) => new(
        Long(node["id"]) ?? 0,
        Text(node["name"]),
        Bool(node["is_main"]),
        Bool(node["is_archive"]),
        Array(node["_embedded"]?["statuses"]).Select(s => new AmoStatus(
            Long(s["id"]) ?? 0, Text(s["name"]), Long(s["pipeline_id"]) ?? 0, (int)(Long(s["type"]) ?? 0), (int)(Long(s["sort"]) ?? 0))).ToList());

    public static AmoCustomFieldDefinition FieldDefinition(JsonNode node) => new(
        Long(node["id"]) ?? 0,
        Text(node["name"]),
        Text(node["code"]),
        Text(node["type"]),
        Array(node["enums"]).Select(e => new AmoEnum(Long(e["id"]) ?? 0, Text(e["value"]))).ToList());

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

    public static bool Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
