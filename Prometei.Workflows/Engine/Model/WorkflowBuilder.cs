using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// Builds a runnable <see cref="Workflow"/> from a definition in Elsa 3's JSON, and normalises definitions the way Elsa's
/// server does (node ids, input type names, memory ids). Pure: no storage, no I/O.
/// </summary>
public sealed class WorkflowBuilder(ActivityRegistry registry)
{
    /// <summary>Elsa's virtual workflow id that starts every node id.</summary>
    public const string WorkflowNodePrefix = "Workflow1";

    /// <summary>The activity types this builder knows.</summary>
    public ActivityRegistry Registry => registry;

    /// <summary>Builds the workflow. Throws <see cref="WorkflowDefinitionException"/> listing what is wrong.</summary>
    public Workflow Build(JsonObject definition)
    {
        var errors = Validate(definition);
        if (errors.Count > 0)
        {
            throw new WorkflowDefinitionException(errors);
        }

        var root = (JsonObject)definition["root"]!;
        var nodes = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        var rootNode = BuildNode(root, parent: null, $"{WorkflowNodePrefix}:{root["id"]!.GetValue<string>()}", nodes);
        return new Workflow
        {
            DefinitionId = definition["definitionId"]?.GetValue<string>() ?? "",
            DefinitionVersionId = definition["id"]?.GetValue<string>() ?? "",
            Version = definition["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 1,
            Name = definition["name"]?.GetValue<string>(),
            Root = rootNode,
            Nodes = nodes,
            Variables = ReadVariables(definition),
            InputNames = definition["inputs"] is JsonArray inputs
                ? [.. inputs.OfType<JsonObject>().Select(i => i["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
                : [],
            Options = ReadOptions(definition["options"] as JsonObject),
        };
    }

    /// <summary>The problems that stop a definition from running; empty when it can run.</summary>
    public IReadOnlyList<string> Validate(JsonObject definition) => Validate(definition, forRun: true);

    /// <summary>
    /// The problems that stop a definition from being stored (<paramref name="forRun"/> false: placeholders of unknown
    /// activity types are allowed in a draft) or from running (true).
    /// </summary>
    public IReadOnlyList<string> Validate(JsonObject definition, bool forRun)
    {
        var errors = new List<string>(DefinitionShape.Check(definition, registry));
        if (errors.Count > 0)
        {
            return errors;
        }

        if (definition["root"] is not JsonObject root)
        {
            errors.Add("The definition has no root activity.");
            return errors;
        }

        ValidateActivity(root, "root", forRun, errors);
        return errors;
    }

    /// <summary>
    /// Sets every activity's <c>nodeId</c> from its ancestors (Elsa's scheme) and fills in what Studio leaves empty on a
    /// new input: its <c>typeName</c> and memory id. Everything else is kept as it is.
    /// </summary>
    public void Normalize(JsonObject definition)
    {
        if (DefinitionShape.Check(definition, registry).Count > 0)
        {
            return; // Validate reports what is wrong; nothing here reads a member of the wrong kind
        }

        DefinitionShape.UpgradeConnections(definition);
        if (definition["root"] is JsonObject root && Text(root["id"]) is not null)
        {
            NormalizeActivity(root, WorkflowNodePrefix);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private void NormalizeActivity(JsonObject activity, string parentNodeId)
    {
        var id = Text(activity["id"]) ?? "";
        var nodeId = $"{parentNodeId}:{id}";
        activity["nodeId"] = nodeId;
        if (registry.Find(activity) is { } descriptor)
        {
            foreach (var input in descriptor.Inputs)
            {
                if (input.IsWrapped && activity[input.JsonName] is JsonObject wrapped && wrapped.ContainsKey("expression"))
                {
                    if (wrapped["typeName"] is null)
                    {
                        wrapped["typeName"] = input.TypeName;
                    }

                    if (wrapped["memoryReference"] is null)
                    {
                        wrapped["memoryReference"] = new JsonObject { ["id"] = $"{id}:input-{JsonNames.Kebab(input.Name)}" };
                    }
                }
            }
        }

        foreach (var child in ChildActivities(activity))
        {
            NormalizeActivity(child, nodeId);
        }
    }

    private void ValidateActivity(JsonObject activity, string path, bool forRun, List<string> errors)
    {
        var id = Text(activity["id"]);
        var type = Text(activity["type"]);
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add($"The activity at {path} has no id.");
            return;
        }

        if (id.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"Activity id '{id}' must not contain ':'.");
        }

        if (type is null || registry.Find(activity) is not { } descriptor)
        {
            errors.Add($"Activity '{id}' has an unknown type '{type}'.");
            return;
        }

        if (descriptor.TypeName == NotFoundActivities.TypeName && forRun)
        {
            errors.Add(NotFoundActivities.Describe(activity));
        }

        var children = ChildActivities(activity).ToList();
        var childIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (Text(child["id"]) is { } childId && !childIds.Add(childId))
            {
                errors.Add($"Two activities in '{id}' have the id '{childId}'.");
            }

            ValidateActivity(child, $"{path}/{Text(child["id"])}", forRun, errors);
        }

        if (activity["connections"] is JsonArray connections)
        {
            foreach (var connection in connections.OfType<JsonObject>())
            {
                var source = Text((connection["source"] as JsonObject)?["activity"]) ?? Text(connection["source"]);
                var target = Text((connection["target"] as JsonObject)?["activity"]) ?? Text(connection["target"]);
                if (source is null || !childIds.Contains(source) || target is null || !childIds.Contains(target))
                {
                    errors.Add($"A connection in '{id}' joins '{source}' to '{target}', and one of them is not in that flowchart.");
                }
            }
        }
    }

    private ActivityNode BuildNode(JsonObject json, ActivityNode? parent, string nodeId, Dictionary<string, ActivityNode> nodes)
    {
        var type = json["type"]!.GetValue<string>();
        var descriptor = registry.Find(json)!;
        var activity = (Activity)Activator.CreateInstance(descriptor.ClrType)!;
        var id = json["id"]!.GetValue<string>();
        var customProperties = json["customProperties"] as JsonObject;
        var node = new ActivityNode
        {
            Id = id,
            NodeId = nodeId,
            Type = type,
            Version = json["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 1,
            Name = json["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null,
            Json = json,
            Descriptor = descriptor,
            Activity = activity,
            Parent = parent,
            RetryPolicy = ReadRetryPolicy(customProperties?["retryPolicy"] as JsonObject),
            CanStartWorkflow = customProperties?["canStartWorkflow"] is JsonValue c && c.TryGetValue<bool>(out var can) && can,
        };
        activity.Node = node;
        nodes[nodeId] = node;

        foreach (var input in descriptor.Inputs)
        {
            input.Property.SetValue(activity, CreateInput(input, json[input.JsonName]));
        }

        foreach (var output in descriptor.Outputs)
        {
            var memoryId = json[output.JsonName]?["memoryReference"]?["id"] is JsonValue m && m.TryGetValue<string>(out var mid) ? mid : null;
            output.Property.SetValue(activity, Activator.CreateInstance(typeof(Output<>).MakeGenericType(output.ValueType), memoryId));
        }

        foreach (var childJson in ChildActivities(json))
        {
            var child = BuildNode(childJson, node, $"{nodeId}:{childJson["id"]!.GetValue<string>()}", nodes);
            node.Children.Add(child);
        }

        foreach (var port in descriptor.Ports.Where(p => p.Type == PortType.Embedded))
        {
            var childJson = json[JsonNames.Camelize(port.Name)] as JsonObject;
            var child = childJson is null ? null : node.Children.Find(c => ReferenceEquals(c.Json, childJson));
            port.Property!.SetValue(activity, child?.Activity);
        }

        if (activity is IBuildAware aware)
        {
            aware.OnBuilt(node);
        }

        return node;
    }

    private static Input CreateInput(InputDescriptor descriptor, JsonNode? json)
    {
        Expression? expression = null;
        string? memoryId = null;
        // An unwrapped input keeps its raw value even when that value has a typeName (the variable picker's variable object).
        if (json is JsonObject wrapped && (wrapped.ContainsKey("expression") || (descriptor.IsWrapped && wrapped.ContainsKey("typeName"))))
        {
            if (wrapped["expression"] is JsonObject e && e["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var exprType))
            {
                expression = new Expression(exprType, e["value"]?.DeepClone());
            }

            memoryId = wrapped["memoryReference"]?["id"] is JsonValue m && m.TryGetValue<string>(out var mid) ? mid : null;
        }
        else if (json is not null)
        {
            expression = new Expression("Literal", json.DeepClone()); // an unwrapped raw value
        }

        if (expression is { Value: null } || expression is { Type: "Literal", Value: JsonValue sv } && sv.TryGetValue<string>(out var text) && text.Length == 0 && descriptor.ValueType != typeof(string))
        {
            expression = null; // an empty box means "not set"
        }

        return (Input)Activator.CreateInstance(typeof(Input<>).MakeGenericType(descriptor.ValueType), expression, memoryId)!;
    }

    /// <summary>Child activities as Studio finds them: any object with type, id and version, in any property or array.</summary>
    public static IEnumerable<JsonObject> ChildActivities(JsonObject activity)
    {
        foreach (var (key, value) in activity)
        {
            if (key is "metadata" or "customProperties" or "variables" or "connections")
            {
                continue;
            }

            switch (value)
            {
                case JsonObject o when IsActivity(o):
                    yield return o;
                    break;
                case JsonArray a:
                    // Activities in a list, or held by its items (a Switch case's "activity").
                    foreach (var item in a.OfType<JsonObject>().Select(i => IsActivity(i) ? i : i["activity"] as JsonObject).Where(i => i is not null && IsActivity(i)))
                    {
                        yield return item!;
                    }

                    break;
            }
        }
    }

    private static bool IsActivity(JsonObject o) => o["type"] is JsonValue && o["id"] is JsonValue && o["version"] is JsonValue;

    private static List<VariableDefinition> ReadVariables(JsonObject definition)
    {
        var result = new List<VariableDefinition>();
        if (definition["variables"] is not JsonArray variables)
        {
            return result;
        }

        foreach (var v in variables.OfType<JsonObject>())
        {
            var name = v["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            result.Add(new VariableDefinition(
                v["id"]?.GetValue<string>() ?? name,
                name,
                v["typeName"]?.GetValue<string>(),
                v["isArray"] is JsonValue arr && arr.TryGetValue<bool>(out var isArray) && isArray,
                v["value"]?.DeepClone()));
        }

        return result;
    }

    private static WorkflowOptions ReadOptions(JsonObject? options)
    {
        if (options is null)
        {
            return WorkflowOptions.Default;
        }

        var activation = options["activationStrategyType"]?.GetValue<string>() ?? "";
        var incident = options["incidentStrategyType"]?.GetValue<string>() ?? "";
        return new WorkflowOptions(
            activation.Contains("Singleton", StringComparison.OrdinalIgnoreCase) ? ActivationStrategy.Singleton : ActivationStrategy.Always,
            incident.Contains("Continue", StringComparison.OrdinalIgnoreCase) ? IncidentStrategy.Continue : IncidentStrategy.Fault);
    }

    private static RetryPolicy? ReadRetryPolicy(JsonObject? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            var d = RetryPolicy.Default;
            return new RetryPolicy(
                (int?)ReadNumber(json["maxAttempts"]) ?? d.MaxAttempts,
                ReadDuration(json["initialDelay"]) ?? d.InitialDelay,
                ReadNumber(json["factor"]) ?? d.Factor,
                ReadDuration(json["maxDelay"]) ?? d.MaxDelay,
                ReadNumber(json["jitter"]) ?? d.Jitter,
                ReadDuration(json["window"]));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
        {
            throw new WorkflowDefinitionException([$"The retry policy is not valid: {ex.Message}"]);
        }
    }

    /// <summary>A duration as a TimeSpan string (<c>00:00:05</c>) or milliseconds.</summary>
    private static TimeSpan? ReadDuration(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => TimeSpan.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        _ => ReadNumber(node) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
    };

    /// <summary>A number whether it was parsed from text or built in code (an int, a long, a double, a decimal or a numeric string).</summary>
    private static double? ReadNumber(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<decimal>(out var m))
        {
            return (double)m;
        }

        return v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new FormatException("a number was expected");
    }
}
