using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// Elsa's answer to an activity type the server does not have: the activity is kept as an <c>Elsa.NotFoundActivity</c>
/// placeholder that holds the original JSON, so an imported file opens in the Studio as a draft that shows what to replace.
/// A definition with a placeholder never runs and is never published. Pure JSON transforms.
/// </summary>
public static class NotFoundActivities
{
    /// <summary>Elsa's type name of the placeholder.</summary>
    public const string TypeName = "Elsa.NotFoundActivity";

    /// <summary>
    /// Replaces every activity whose type the registry lacks by a placeholder, and restores a placeholder whose type the
    /// registry now has. Returns one message per placeholder left in the definition. Run after <see cref="DefinitionShape.Check"/>.
    /// </summary>
    public static IReadOnlyList<string> Replace(JsonObject definition, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        var messages = new List<string>();
        if (definition["root"] is JsonObject root)
        {
            Replace(root, registry, messages, depth: 0);
        }

        return messages;
    }

    /// <summary>The message that names a placeholder's activity and the type it stands for.</summary>
    public static string Describe(JsonObject placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        var id = Text(placeholder["id"]);
        var missing = Text(placeholder["missingTypeName"]) ?? "?";
        return $"Activity '{id}' has an unknown type '{missing}' (kept as a placeholder in the draft): replace it with an activity this server has.";
    }

    private static void Replace(JsonObject activity, ActivityRegistry registry, List<string> messages, int depth)
    {
        if (depth > DefinitionShape.MaxDepth)
        {
            return;
        }

        foreach (var (key, value) in activity.ToList())
        {
            if (key is "metadata" or "customProperties" or "variables" or "connections")
            {
                continue;
            }

            switch (value)
            {
                case JsonObject child when IsActivity(child):
                    activity[key] = Visit(child, registry, messages, depth);
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject item && IsActivity(item))
                        {
                            var replaced = Visit(item, registry, messages, depth);
                            if (!ReferenceEquals(replaced, item))
                            {
                                array[i] = replaced;
                            }
                        }
                    }

                    break;
            }
        }
    }

    private static JsonObject Visit(JsonObject activity, ActivityRegistry registry, List<string> messages, int depth)
    {
        var type = Text(activity["type"]);
        if (type == TypeName && Restore(activity, registry) is { } restored)
        {
            activity = restored;
            type = Text(activity["type"]);
        }

        if (type is null || registry.Find(activity) is null)
        {
            activity = Placeholder(activity);
        }

        if (Text(activity["type"]) == TypeName)
        {
            messages.Add(Describe(activity));
            return activity;
        }

        Replace(activity, registry, messages, depth + 1);
        return activity;
    }

    private static JsonObject Placeholder(JsonObject original)
    {
        var missingType = Text(original["type"]) ?? "";
        var missingVersion = original["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 1;
        var metadata = original["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : [];
        metadata["displayText"] = $"Not Found: {missingType}";
        metadata["description"] = $"Could not find activity type {missingType} with version {missingVersion.ToString(CultureInfo.InvariantCulture)}";
        return new JsonObject
        {
            ["id"] = original["id"]?.DeepClone(),
            ["nodeId"] = original["nodeId"]?.DeepClone(),
            ["name"] = original["name"]?.DeepClone(),
            ["type"] = TypeName,
            ["version"] = 1,
            ["customProperties"] = original["customProperties"] is JsonObject c ? c.DeepClone() : new JsonObject(),
            ["metadata"] = metadata,
            ["missingTypeName"] = missingType,
            ["missingTypeVersion"] = missingVersion,
            ["originalActivityJson"] = original.ToJsonString(),
        };
    }

    /// <summary>The original activity of a placeholder whose type the registry now has (with the placeholder's position), or null.</summary>
    private static JsonObject? Restore(JsonObject placeholder, ActivityRegistry registry)
    {
        if (Text(placeholder["originalActivityJson"]) is not { } json)
        {
            return null;
        }

        JsonObject? original;
        try
        {
            original = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (original is null || Text(original["type"]) is not { } type || registry.Find(original) is null || type == TypeName)
        {
            return null;
        }

        if (placeholder["metadata"] is JsonObject metadata)
        {
            var kept = (JsonObject)metadata.DeepClone();
            kept.Remove("displayText");
            kept.Remove("description");
            original["metadata"] = kept;
        }

        return original;
    }

    private static bool IsActivity(JsonObject o) => o["type"] is JsonValue && o["id"] is JsonValue && o["version"] is JsonValue;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
