using System.Text.Json.Nodes;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>
/// Builds workflow definitions in Elsa Studio's JSON format: a root <c>Elsa.Flowchart</c> with <c>activities</c> and
/// <c>connections</c>, inputs wrapped as typed expressions, and variables as the Studio declares them.
/// </summary>
internal sealed class FlowchartJson(string id = "flowchart1")
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly Dictionary<string, JsonObject> _variables = new(StringComparer.Ordinal);

    /// <summary>A wrapped <c>Literal</c> input.</summary>
    public static JsonObject Literal(string value, string typeName = "String") => Wrapped("Literal", value, typeName);

    /// <summary>A wrapped <c>CSharp</c> input.</summary>
    public static JsonObject CSharp(string code, string typeName = "Object") => Wrapped("CSharp", code, typeName);

    /// <summary>A wrapped <c>Object</c> input: JSON text, as Studio's JSON editor stores it.</summary>
    public static JsonObject Object(string json, string typeName = "Object") => Wrapped("Object", json, typeName);

    public FlowchartJson Add(string activityId, string type, JsonObject? properties = null)
    {
        var activity = new JsonObject
        {
            ["id"] = activityId,
            ["name"] = activityId,
            ["type"] = type,
            ["version"] = 1,
        };
        foreach (var (key, value) in properties ?? [])
        {
            activity[key] = value?.DeepClone();
        }

        _activities.Add(activity);
        return this;
    }

    public FlowchartJson Start(string activityId = "start") => Add(activityId, "Elsa.Start");

    public FlowchartJson WriteLine(string activityId, string text) => WriteLine(activityId, Literal(text));

    public FlowchartJson WriteLine(string activityId, JsonObject text) => Add(activityId, "Elsa.WriteLine", new() { ["text"] = text });

    public FlowchartJson Decision(string activityId, string csharpCondition) =>
        Add(activityId, "Elsa.FlowDecision", new() { ["condition"] = CSharp(csharpCondition, "Boolean") });

    public FlowchartJson Join(string activityId, string mode) => Add(activityId, "Elsa.FlowJoin", new() { ["mode"] = Literal(mode) });

    public FlowchartJson Event(string activityId, string eventName) => Event(activityId, Literal(eventName));

    public FlowchartJson Event(string activityId, JsonObject eventName) => Add(activityId, "Elsa.Event", new() { ["eventName"] = eventName });

    public FlowchartJson Finish(string activityId = "finish") => Add(activityId, "Elsa.Finish");

    /// <summary>
    /// A SetVariable whose picker holds the variable object, as Studio stores it. A variable of an enclosing flowchart
    /// (a loop body's) gets the same id as <see cref="Variable"/> gives it.
    /// </summary>
    public FlowchartJson SetVariable(string activityId, string variableName, JsonObject value) =>
        Add(activityId, "Elsa.SetVariable", new()
        {
            ["variable"] = _variables.TryGetValue(variableName, out var declared) ? declared.DeepClone() : VariableObject(variableName, "Object", null),
            ["value"] = value,
        });

    /// <summary>A variable as Studio declares it; <paramref name="value"/> is sent as text, as Studio does.</summary>
    public FlowchartJson Variable(string name, string typeName, string? value = null)
    {
        _variables[name] = VariableObject(name, typeName, value);
        return this;
    }

    public FlowchartJson Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    /// <summary>Connects the activities one after the other through their <c>Done</c> ports.</summary>
    public FlowchartJson Chain(params string[] activityIds)
    {
        for (var i = 1; i < activityIds.Length; i++)
        {
            Connect(activityIds[i - 1], activityIds[i]);
        }

        return this;
    }

    /// <summary>The flowchart as an activity, to embed as a loop's body.</summary>
    public JsonObject ToActivity() => new()
    {
        ["id"] = id,
        ["name"] = id,
        ["type"] = "Elsa.Flowchart",
        ["version"] = 1,
        ["customProperties"] = new JsonObject(),
        ["metadata"] = new JsonObject(),
        ["activities"] = _activities.DeepClone(),
        ["connections"] = _connections.DeepClone(),
    };

    /// <summary>The whole workflow definition with this flowchart as its root.</summary>
    public JsonObject ToDefinition(string definitionId = "test-workflow") => new()
    {
        ["id"] = $"{definitionId}:v1",
        ["definitionId"] = definitionId,
        ["name"] = definitionId,
        ["version"] = 1,
        ["variables"] = new JsonArray([.. _variables.Values.Select(v => (JsonNode?)v.DeepClone())]),
        ["root"] = ToActivity(),
    };

    private static JsonObject VariableObject(string name, string typeName, string? value) => new()
    {
        ["id"] = $"var-{name.ToLowerInvariant()}",
        ["name"] = name,
        ["typeName"] = typeName,
        ["isArray"] = false,
        ["value"] = value,
        ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
    };

    private static JsonObject Wrapped(string expressionType, string value, string typeName) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value },
        ["memoryReference"] = null,
    };
}
