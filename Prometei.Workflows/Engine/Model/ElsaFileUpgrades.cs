using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// Reads what Elsa 3 reads in a definition that users wrote by hand or exported from Elsa 3.0, and writes it in the shape the
/// Studio and the rest of the server read: an activity without <c>version</c> is version 1 and one without <c>id</c> gets
/// Elsa's generated id (<c>{ShortTypeName}{n}</c>, as Elsa's <c>IdentityGraphService</c>), wherever Elsa's model holds an
/// activity (the root, <c>activities</c> and <c>branches</c> lists, a Switch case's <c>activity</c>, and any member holding an
/// activity type this server has); and <c>canStartWorkflow</c>/<c>runAsynchronously</c> written on the activity itself
/// (Elsa 3.0) move into its <c>customProperties</c>, where Elsa 3.1+ and the Studio keep them. Also recognises Elsa 1 and 2
/// files, which have no root activity. Pure JSON transforms; never throws on members of other kinds (the shape check names them).
/// </summary>
public static class ElsaFileUpgrades
{
    private static readonly string[] s_activityFlags = ["canStartWorkflow", "runAsynchronously"];

    /// <summary>The message for an Elsa 1 or 2 file, or null when the definition is not one.</summary>
    public static string? DescribeOlderElsa(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ContainsKey("root") || definition["activities"] is not JsonArray activities)
        {
            return null;
        }

        var version = activities.OfType<JsonObject>().Any(a => a.ContainsKey("activityId") || a.ContainsKey("properties")) ? "2" : "1 or 2";
        return $"This is an Elsa {version} workflow definition (activities and connections at the top level, no 'root' activity). "
            + "This server reads Elsa 3 definitions only: recreate the workflow in the Studio or export it from Elsa 3.";
    }

    /// <summary>Applies the upgrades in place. Returns nothing; what it cannot read is left for the shape check to name.</summary>
    public static void Apply(JsonObject definition, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        if (definition["root"] is not JsonObject root)
        {
            return;
        }

        var activities = new List<JsonObject>();
        Collect(root, registry, activities, depth: 0);
        var taken = activities.Select(a => Text(a["id"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (activity["version"] is null)
            {
                activity["version"] = 1; // Elsa reads a missing version as the latest one
            }

            if (activity["id"] is null || Text(activity["id"]) is { Length: 0 })
            {
                activity["id"] = NewId(Text(activity["type"]) ?? "Activity", counters, taken);
            }

            MoveFlags(activity);
        }
    }

    private static void Collect(JsonObject activity, ActivityRegistry registry, List<JsonObject> found, int depth)
    {
        if (depth > DefinitionShape.MaxDepth || activity["type"] is not JsonValue type || type.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return;
        }

        found.Add(activity);
        foreach (var (key, value) in activity.ToList())
        {
            if (key is "metadata" or "customProperties" or "variables" or "connections")
            {
                continue;
            }

            switch (value)
            {
                case JsonObject child when IsKnownActivity(child, registry):
                    Collect(child, registry, found, depth + 1);
                    break;
                case JsonArray array:
                    var listOfActivities = key is "activities" or "branches";
                    foreach (var item in array.OfType<JsonObject>())
                    {
                        if ((listOfActivities && item["type"] is JsonValue) || IsKnownActivity(item, registry))
                        {
                            Collect(item, registry, found, depth + 1);
                        }
                        else if (item["activity"] is JsonObject held && (IsKnownActivity(held, registry) || held["type"] is JsonValue))
                        {
                            Collect(held, registry, found, depth + 1); // a Switch case's activity
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// An object holding an activity type this server has. Elsa's model knows which members hold activities; a hand-written
    /// file may leave out <c>version</c> (and <c>id</c>) there, and then only the type tells an activity from an expression.
    /// </summary>
    private static bool IsKnownActivity(JsonObject o, ActivityRegistry registry) =>
        registry.Find(o) is not null || (o["type"] is JsonValue && o["id"] is JsonValue && o["version"] is JsonValue);

    private static void MoveFlags(JsonObject activity)
    {
        foreach (var flag in s_activityFlags)
        {
            if (activity[flag] is not JsonValue value || value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            {
                continue;
            }

            if (activity["customProperties"] is null)
            {
                activity["customProperties"] = new JsonObject();
            }

            if (activity["customProperties"] is JsonObject custom)
            {
                if (!custom.ContainsKey(flag))
                {
                    custom[flag] = value.GetValue<bool>();
                }

                activity.Remove(flag);
            }
        }
    }

    /// <summary>Elsa's generated id: the type's last segment and the next free number (<c>WriteLine1</c>, <c>WriteLine2</c>).</summary>
    private static string NewId(string type, Dictionary<string, int> counters, HashSet<string> taken)
    {
        var shortName = type.Split('.')[^1];
        while (true)
        {
            var next = counters.GetValueOrDefault(shortName) + 1;
            counters[shortName] = next;
            var id = $"{shortName}{next}";
            if (taken.Add(id))
            {
                return id;
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
