using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;

namespace Prometei.Benchmarks.Engine;

/// <summary>The workflows the engine suite runs, in Elsa Studio's JSON.</summary>
internal static class EngineDefinitions
{
    public const string ActivitiesId = "bench-activities";
    public const string ActivitiesPath = "bench/activities";
    public const string AckId = "bench-ack";
    public const string AckPath = "bench/ack";

    /// <summary>The activity types of the four measured activities (the flowchart and the HTTP trigger come on top).</summary>
    public static readonly string[] BodyActivityTypes = ["Elsa.SetVariable", "Elsa.WriteLine", "Elsa.SendHttpRequest"];

    public const string EffectActivityType = "Elsa.SendHttpRequest";

    /// <summary>
    /// HttpEndpoint → SetVariable → SendHttpRequest → WriteLine → SendHttpRequest: two pure activities and two effects (each
    /// a commit boundary) against the local endpoint.
    /// </summary>
    public static JsonObject Activities(Uri effects) => Flow.Create(ActivitiesId, "Benchmark: four activities")
        .Variable("tag", "String", "none")
        .HttpEndpoint("start", ActivitiesPath, "POST")
        .Activity("set", "Elsa.SetVariable", new()
        {
            ["variable"] = new JsonObject
            {
                ["id"] = "var-tag",
                ["name"] = "tag",
                ["typeName"] = "String",
                ["isArray"] = false,
                ["value"] = "none",
                ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
            },
            ["value"] = Flow.Literal("benchmark", "Object"),
        })
        .Activity("call1", "Elsa.SendHttpRequest", new()
        {
            ["url"] = Flow.Literal(new Uri(effects, "effects/one").ToString()),
            ["method"] = Flow.Literal("POST"),
            ["content"] = Flow.Literal("{\"n\":1}", "Object"),
        })
        .Activity("log", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("between the effects") })
        .Activity("call2", "Elsa.SendHttpRequest", new()
        {
            ["url"] = Flow.Literal(new Uri(effects, "effects/two").ToString()),
            ["method"] = Flow.Literal("POST"),
            ["content"] = Flow.Literal("{\"n\":2}", "Object"),
        })
        .Chain("start", "set", "call1", "log", "call2")
        .Build();

    /// <summary>HttpEndpoint → WriteLine: no WriteHttpResponse, so the trigger answers as soon as the instance is committed.</summary>
    public static JsonObject Ack() => Flow.Create(AckId, "Benchmark: acknowledge")
        .HttpEndpoint("start", AckPath, "POST")
        .Activity("log", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("accepted") })
        .Chain("start", "log")
        .Build();
}
