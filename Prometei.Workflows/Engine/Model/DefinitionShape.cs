using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// Checks that every member of a definition the engine reads has the JSON kind Elsa's model gives it, before anything reads
/// it, and names the activity and the property that does not. Also upgrades what older Elsa 3 versions and hand-written files
/// hold (flat connections; missing activity versions and ids and Elsa 3.0's activity flags, <see cref="ElsaFileUpgrades"/>) to
/// the shape newer ones write, and refuses Elsa 1 and 2 files by name. Pure: no storage, no I/O.
/// </summary>
public static class DefinitionShape
{
    /// <summary>Deeper activity nesting than this is refused (a definition is a tree, not a stack to overflow).</summary>
    public const int MaxDepth = 64;

    private static readonly string[] s_definitionStrings = ["id", "definitionId", "name", "description", "toolVersion"];
    private static readonly string[] s_definitionArrays = ["variables", "inputs", "outputs", "outcomes"];
    private static readonly string[] s_definitionObjects = ["options", "customProperties"];

    /// <summary>The problems in the definition's shape; empty when every member the engine reads has its expected kind.</summary>
    public static IReadOnlyList<string> Check(JsonObject definition, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        if (ElsaFileUpgrades.DescribeOlderElsa(definition) is { } olderElsa)
        {
            return [olderElsa];
        }

        ElsaFileUpgrades.Apply(definition, registry); // what Elsa reads in hand-written and Elsa 3.0 files, in today's shape
        var errors = new List<string>();
        foreach (var name in s_definitionStrings)
        {
            ExpectKind(definition[name], $"The definition's '{name}'", "a string", errors, JsonValueKind.String);
        }

        ExpectKind(definition["version"], "The definition's 'version'", "a number", errors, JsonValueKind.Number);
        foreach (var name in s_definitionArrays)
        {
            ExpectNode<JsonArray>(definition[name], $"The definition's '{name}'", "an array", errors);
        }

        foreach (var name in s_definitionObjects)
        {
            ExpectNode<JsonObject>(definition[name], $"The definition's '{name}'", "an object", errors);
        }

        if (definition["options"] is JsonObject options)
        {
            foreach (var name in (string[])["activationStrategyType", "incidentStrategyType", "commitStrategyName"])
            {
                ExpectKind(options[name], $"The definition's 'options.{name}'", "a string", errors, JsonValueKind.String);
            }
        }

        if (definition["variables"] is JsonArray variables)
        {
            CheckVariables(variables, "The definition", errors);
        }

        switch (definition["root"])
        {
            case null:
                break; // reported by the builder ("no root activity")
            case JsonObject root:
                CheckActivity(root, "root", registry, depth: 0, errors);
                break;
            default:
                errors.Add("The definition's 'root' must be an activity (a JSON object).");
                break;
        }

        return errors;
    }

    /// <summary>
    /// Rewrites connections that Elsa 3.0 wrote flat (<c>{"source":"a","target":"b","sourcePort":"Done","targetPort":"In"}</c>)
    /// in the shape Elsa 3.1+ writes (<c>{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"}}</c>),
    /// in every flowchart of the definition. Run <see cref="Check"/> first.
    /// </summary>
    public static void UpgradeConnections(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition["root"] is JsonObject root)
        {
            UpgradeConnections(root, depth: 0);
        }
    }

    private static void UpgradeConnections(JsonObject activity, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        if (activity["connections"] is JsonArray connections)
        {
            foreach (var connection in connections.OfType<JsonObject>())
            {
                Upgrade(connection, "source", "sourcePort");
                Upgrade(connection, "target", "targetPort");
            }
        }

        foreach (var child in WorkflowBuilder.ChildActivities(activity))
        {
            UpgradeConnections(child, depth + 1);
        }
    }

    private static void Upgrade(JsonObject connection, string end, string portMember)
    {
        if (connection[end] is JsonValue value && value.TryGetValue<string>(out var activityId))
        {
            var port = connection[portMember] is JsonValue p && p.TryGetValue<string>(out var portName) ? portName : null;
            connection[end] = new JsonObject { ["activity"] = activityId, ["port"] = port };
            connection.Remove(portMember);
        }
    }

    private static void CheckActivity(JsonObject activity, string path, ActivityRegistry registry, int depth, List<string> errors)
    {
        if (depth > MaxDepth)
        {
            errors.Add($"The activities at {path} are nested deeper than {MaxDepth} levels.");
            return;
        }

        var id = activity["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var s) ? s : null;
        var name = id is null ? $"The activity at {path}" : $"Activity '{id}'";
        if (activity["id"] is not null && id is null)
        {
            errors.Add($"{name}: 'id' must be a string.");
        }

        ExpectKind(activity["type"], $"{name}: 'type'", "a string", errors, JsonValueKind.String);
        ExpectKind(activity["version"], $"{name}: 'version'", "a number", errors, JsonValueKind.Number);
        ExpectKind(activity["name"], $"{name}: 'name'", "a string", errors, JsonValueKind.String);
        ExpectNode<JsonObject>(activity["customProperties"], $"{name}: 'customProperties'", "an object", errors);
        ExpectNode<JsonObject>(activity["metadata"], $"{name}: 'metadata'", "an object", errors);
        if (activity["customProperties"] is JsonObject custom)
        {
            ExpectNode<JsonObject>(custom["retryPolicy"], $"{name}: 'customProperties.retryPolicy'", "an object", errors);
        }

        if (registry.Find(activity) is { } descriptor)
        {
            foreach (var input in descriptor.Inputs)
            {
                CheckInput(activity[input.JsonName], $"{name}: input '{input.JsonName}'", input.IsWrapped, errors);
            }

            if (descriptor.TypeName == ActivityRegistry.WorkflowDefinitionActivityTypeName)
            {
                foreach (var (jsonName, wrapped) in WorkflowDefinitionActivities.ChildInputs(activity))
                {
                    CheckInput(wrapped, $"{name}: input '{jsonName}'", isWrapped: true, errors);
                }
            }

            foreach (var output in descriptor.Outputs)
            {
                if (activity[output.JsonName] is JsonObject o)
                {
                    CheckMemoryReference(o["memoryReference"], $"{name}: output '{output.JsonName}'", errors);
                }
            }
        }

        if (activity.ContainsKey("connections"))
        {
            CheckConnections(activity["connections"], name, errors);
        }

        if (activity.ContainsKey("activities") && activity["activities"] is not JsonArray)
        {
            errors.Add($"{name}: 'activities' must be an array of activities.");
        }
        else if (activity["activities"] is JsonArray children)
        {
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is not JsonObject child || child["type"] is null || child["id"] is null)
                {
                    errors.Add($"{name}: 'activities[{i}]' must be an activity (an object with 'id', 'type' and 'version').");
                }
                else if (child["version"] is null)
                {
                    child["version"] = 1; // Elsa reads a missing version as the latest one
                }
            }
        }

        if (activity["variables"] is JsonArray variables)
        {
            CheckVariables(variables, name, errors);
        }

        foreach (var child in WorkflowBuilder.ChildActivities(activity))
        {
            var childId = child["id"] is JsonValue c && c.TryGetValue<string>(out var cid) ? cid : "?";
            CheckActivity(child, $"{path}/{childId}", registry, depth + 1, errors);
        }
    }

    private static void CheckInput(JsonNode? value, string name, bool isWrapped, List<string> errors)
    {
        if (!isWrapped || value is not JsonObject wrapped)
        {
            return; // raw values are read as literals
        }

        ExpectKind(wrapped["typeName"], $"{name}: 'typeName'", "a string", errors, JsonValueKind.String);
        CheckMemoryReference(wrapped["memoryReference"], name, errors);
        switch (wrapped["expression"])
        {
            case null:
                break;
            case JsonObject expression:
                ExpectKind(expression["type"], $"{name}: 'expression.type'", "a string", errors, JsonValueKind.String);
                break;
            default:
                errors.Add($"{name}: 'expression' must be an object with 'type' and 'value'.");
                break;
        }
    }

    private static void CheckMemoryReference(JsonNode? reference, string name, List<string> errors)
    {
        switch (reference)
        {
            case null:
                break;
            case JsonObject o:
                ExpectKind(o["id"], $"{name}: 'memoryReference.id'", "a string", errors, JsonValueKind.String);
                break;
            default:
                errors.Add($"{name}: 'memoryReference' must be an object.");
                break;
        }
    }

    private static void CheckConnections(JsonNode? connections, string name, List<string> errors)
    {
        if (connections is null)
        {
            return;
        }

        if (connections is not JsonArray array)
        {
            errors.Add($"{name}: 'connections' must be an array.");
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{name}: connections[{i}]";
            if (array[i] is not JsonObject connection)
            {
                errors.Add($"{at} must be an object with 'source' and 'target'.");
                continue;
            }

            foreach (var end in (string[])["source", "target"])
            {
                switch (connection[end])
                {
                    case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                        ExpectKind(connection[$"{end}Port"], $"{at}.{end}Port", "a string", errors, JsonValueKind.String);
                        break;
                    case JsonObject o:
                        ExpectKind(o["activity"], $"{at}.{end}.activity", "a string", errors, JsonValueKind.String);
                        ExpectKind(o["port"], $"{at}.{end}.port", "a string", errors, JsonValueKind.String);
                        break;
                    default:
                        errors.Add($"{at}.{end} must be an activity id or an object with 'activity' and 'port'.");
                        break;
                }
            }
        }
    }

    private static void CheckVariables(JsonArray variables, string owner, List<string> errors)
    {
        for (var i = 0; i < variables.Count; i++)
        {
            var at = $"{owner}'s variable {i}";
            if (variables[i] is not JsonObject variable)
            {
                errors.Add($"{at} must be an object with 'name' and 'typeName'.");
                continue;
            }

            ExpectKind(variable["id"], $"{at}: 'id'", "a string", errors, JsonValueKind.String);
            ExpectKind(variable["name"], $"{at}: 'name'", "a string", errors, JsonValueKind.String);
            ExpectKind(variable["typeName"], $"{at}: 'typeName'", "a string", errors, JsonValueKind.String);
            ExpectKind(variable["storageDriverTypeName"], $"{at}: 'storageDriverTypeName'", "a string", errors, JsonValueKind.String);
            ExpectKind(variable["isArray"], $"{at}: 'isArray'", "true or false", errors, JsonValueKind.True, JsonValueKind.False);
        }
    }

    /// <summary>A member that is absent or null is fine; otherwise its kind must be one of <paramref name="kinds"/>.</summary>
    private static void ExpectKind(JsonNode? node, string what, string expected, List<string> errors, params JsonValueKind[] kinds)
    {
        if (node is null)
        {
            return;
        }

        var kind = node.GetValueKind();
        if (kind != JsonValueKind.Null && !kinds.Contains(kind))
        {
            errors.Add($"{what} must be {expected}, not {Describe(kind)}.");
        }
        else if (kind == JsonValueKind.Number && kinds is [JsonValueKind.Number] && !node.AsValue().TryGetValue<int>(out _)
                 && !(node.AsValue().TryGetValue<double>(out var d) && d == Math.Truncate(d) && Math.Abs(d) <= int.MaxValue))
        {
            errors.Add($"{what} must be a whole number.");
        }
    }

    private static void ExpectNode<T>(JsonNode? node, string what, string expected, List<string> errors)
        where T : JsonNode
    {
        if (node is not null and not T)
        {
            errors.Add($"{what} must be {expected}, not {Describe(node.GetValueKind())}.");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
