using System.Text.Json.Nodes;

namespace Prometei.EndToEndTests.Support;

/// <summary>Builds workflow definitions in Elsa Studio's JSON format, the way Studio saves them.</summary>
public sealed class Flow
{
    private readonly JsonObject _definition;
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];
    private int _x;

    private Flow(string definitionId, string name, int version)
    {
        _definition = new JsonObject
        {
            ["id"] = $"{definitionId}:v{version}",
            ["definitionId"] = definitionId,
            ["name"] = name,
            ["description"] = null,
            ["version"] = version,
            ["toolVersion"] = "3.8.0.0",
            ["isLatest"] = true,
            ["isPublished"] = false,
            ["options"] = new JsonObject { ["activationStrategyType"] = null, ["usableAsActivity"] = false, ["incidentStrategyType"] = null },
            ["variables"] = _variables,
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["customProperties"] = new JsonObject(),
            ["root"] = new JsonObject
            {
                ["id"] = "flowchart1",
                ["nodeId"] = "Workflow1:flowchart1",
                ["name"] = "Flowchart1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["customProperties"] = new JsonObject(),
                ["metadata"] = new JsonObject(),
                ["activities"] = _activities,
                ["connections"] = _connections,
            },
        };
    }

    public static Flow Create(string definitionId, string? name = null, int version = 1) => new(definitionId, name ?? definitionId, version);

    public static JsonObject Literal(object? value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = JsonValue.Create(value?.ToString()) } };

    public static JsonObject CSharp(string code, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "CSharp", ["value"] = code } };

    public static JsonObject ObjectJson(string json, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = json } };

    public Flow Singleton()
    {
        _definition["options"]!["activationStrategyType"] = "Elsa.Workflows.ActivationStrategies.SingletonStrategy, Elsa.Workflows.Core";
        return this;
    }

    public Flow Variable(string name, string typeName, object? value = null)
    {
        _variables.Add(new JsonObject
        {
            ["id"] = $"var-{name}",
            ["name"] = name,
            ["typeName"] = typeName,
            ["isArray"] = false,
            ["value"] = value?.ToString(),
            ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        });
        return this;
    }

    /// <summary>Adds an activity; <paramref name="inputs"/> maps camel-cased input names to wrapped inputs or raw values.</summary>
    public Flow Activity(string id, string type, Dictionary<string, JsonNode?>? inputs = null, bool trigger = false, JsonObject? retryPolicy = null)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:flowchart1:{id}",
            ["name"] = id,
            ["type"] = type,
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["designer"] = new JsonObject
                {
                    ["position"] = new JsonObject { ["x"] = _x += 200, ["y"] = 100 },
                    ["size"] = new JsonObject { ["width"] = 170.421875, ["height"] = 54 },
                },
            },
        };
        if (trigger || retryPolicy is not null)
        {
            var custom = new JsonObject { ["canStartWorkflow"] = trigger, ["runAsynchronously"] = false };
            if (retryPolicy is not null)
            {
                custom["retryPolicy"] = retryPolicy;
            }

            activity["customProperties"] = custom;
        }

        foreach (var (key, value) in inputs ?? [])
        {
            activity[key] = value?.DeepClone();
        }

        _activities.Add(activity);
        return this;
    }

    public Flow HttpEndpoint(string id, string path, params string[] methods) =>
        Activity(id, "Elsa.HttpEndpoint", new()
        {
            ["path"] = Literal(path),
            ["supportedMethods"] = ObjectJson(System.Text.Json.JsonSerializer.Serialize(methods.Length == 0 ? ["POST"] : methods), "String"),
        }, trigger: true);

    public Flow Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    /// <summary>Connects the activities in order through their Done ports.</summary>
    public Flow Chain(params string[] ids)
    {
        for (var i = 0; i + 1 < ids.Length; i++)
        {
            Connect(ids[i], ids[i + 1]);
        }

        return this;
    }

    public JsonObject Build() => (JsonObject)_definition.DeepClone();

    public override string ToString() => _definition.ToJsonString();
}
