using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Prometei.Api.Integrations.Erp;

/// <summary>
/// The ERP payload as a JSON template with <c>{{path}}</c> placeholders, so the mapping changes without code.
/// A string that is exactly one placeholder becomes the value itself (a number stays a number, an object an object, a
/// missing value null); placeholders inside a longer string are replaced by their text (a missing value by nothing).
/// Paths walk the context: <c>lead.id</c>, <c>lead.name</c>, <c>lead.price</c>, <c>lead.statusId</c>,
/// <c>lead.pipelineId</c>, <c>lead.responsibleUserId</c>, <c>lead.createdAt</c>, <c>lead.custom.{fieldId}</c> (first
/// value), <c>lead.contact.name</c>, <c>lead.contact.phone</c>, <c>deal.{any field of the event}</c>,
/// <c>texts.{name}</c> (configured texts, themselves templates), <c>now</c>.
/// </summary>
public static partial class ErpTemplate
{
    /// <summary>Parses a template; null (and the reason) when it is not a JSON object.</summary>
    public static JsonObject? TryParse(string? template, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(template))
        {
            error = "the template is empty";
            return null;
        }

        try
        {
            if (JsonNode.Parse(template) is JsonObject json)
            {
                return json;
            }

            error = "the template must be a JSON object";
            return null;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Renders <paramref name="template"/> against <paramref name="context"/>, after rendering the texts into <c>texts</c>.</summary>
    public static JsonObject Render(JsonObject template, JsonObject context, IReadOnlyDictionary<string, string>? texts = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var scope = (JsonObject)context.DeepClone();
        if (texts is not null)
        {
            var rendered = new JsonObject();
            foreach (var (name, text) in texts)
            {
                rendered[name] = Interpolate(text, scope);
            }

            scope["texts"] = rendered;
        }

        return (JsonObject)RenderNode(template, scope)!;
    }

    /// <summary>Replaces every placeholder in <paramref name="text"/> by its value as text.</summary>
    public static string Interpolate(string text, JsonObject scope) =>
        Placeholder().Replace(text, match => AsText(Resolve(scope, match.Groups["path"].Value)));

    /// <summary>The paths the placeholders of a template (or a text) name, such as <c>lead.contact.name</c>.</summary>
    public static IEnumerable<string> Paths(string template) => Placeholder().Matches(template).Select(m => m.Groups["path"].Value);

    /// <summary>The value at a dotted path, or null.</summary>
    public static JsonNode? Resolve(JsonNode? node, string path)
    {
        foreach (var segment in path.Split('.', StringSplitOptions.TrimEntries))
        {
            node = node switch
            {
                JsonObject obj => Property(obj, segment),
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static JsonNode? RenderNode(JsonNode? node, JsonObject scope)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    result[key] = RenderNode(value, scope);
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(item => RenderNode(item, scope)).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var whole = WholePlaceholder().Match(text);
                return whole.Success
                    ? Resolve(scope, whole.Groups["path"].Value)?.DeepClone()
                    : JsonValue.Create(Interpolate(text, scope));
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? Property(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, candidate) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string AsText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    [GeneratedRegex(@"\{\{\s*(?<path>[^{}\s]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\s*\{\{\s*(?<path>[^{}\s]+)\s*\}\}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WholePlaceholder();
}
