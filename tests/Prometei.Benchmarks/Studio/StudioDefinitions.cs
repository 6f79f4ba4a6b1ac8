using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;

namespace Prometei.Benchmarks.Studio;

/// <summary>The workflows the studio suite stores instances of, and the one it opens in the editor, in Elsa Studio's JSON.</summary>
internal static class StudioDefinitions
{
    public const string SeedId = "bench-studio";
    public const string SeedPath = "bench-studio";
    public const string FaultId = "bench-studio-fault";
    public const string FaultPath = "bench-studio-fault";
    public const string WaitId = "bench-studio-wait";
    public const string WaitPath = "bench-studio-wait";
    public const string EditorId = "bench-studio-editor";

    /// <summary>The number of activities on the editor's canvas: the editor is ready when this many <c>.x6-node</c>s show.</summary>
    public const int EditorNodes = 6;

    /// <summary>HttpEndpoint → WriteLine → WriteLine: the 10,000 finished instances.</summary>
    public static JsonObject Seed() => Flow.Create(SeedId, "Benchmark: studio seed")
        .HttpEndpoint("start", SeedPath, "POST")
        .Activity("log1", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("first line") })
        .Activity("log2", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("second line") })
        .Chain("start", "log1", "log2")
        .Build();

    /// <summary>HttpEndpoint → Fault: instances that end Faulted, with an incident.</summary>
    public static JsonObject Fault() => Flow.Create(FaultId, "Benchmark: studio fault")
        .HttpEndpoint("start", FaultPath, "POST")
        .Activity("fail", "Elsa.Fault", new() { ["message"] = Flow.Literal("benchmark fault") })
        .Chain("start", "fail")
        .Build();

    /// <summary>HttpEndpoint → Delay (an hour) → WriteLine: instances that stay Running/Suspended for the whole run.</summary>
    public static JsonObject Wait() => Flow.Create(WaitId, "Benchmark: studio wait")
        .HttpEndpoint("start", WaitPath, "POST")
        .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Flow.Literal("01:00:00", "TimeSpan") })
        .Activity("after", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("an hour later") })
        .Chain("start", "wait", "after")
        .Build();

    /// <summary>Six activities in a row, a variable: what the editor benchmark opens. Never run.</summary>
    public static JsonObject Editor() => Flow.Create(EditorId, "Benchmark: studio editor")
        .Variable("orderId", "String", "none")
        .HttpEndpoint("receive", "bench-studio-editor", "POST")
        .Activity("remember", "Elsa.SetVariable", new()
        {
            ["variable"] = new JsonObject
            {
                ["id"] = "var-orderId",
                ["name"] = "orderId",
                ["typeName"] = "String",
                ["isArray"] = false,
                ["value"] = "none",
                ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
            },
            ["value"] = Flow.Literal("42", "Object"),
        })
        .Activity("announce", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("order received") })
        .Activity("notify", "Elsa.SendHttpRequest", new()
        {
            ["url"] = Flow.Literal("http://127.0.0.1:9/never-called"),
            ["method"] = Flow.Literal("POST"),
            ["content"] = Flow.Literal("{\"order\":42}", "Object"),
        })
        .Activity("pause", "Elsa.Delay", new() { ["timeSpan"] = Flow.Literal("00:00:05", "TimeSpan") })
        .Activity("done", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("order handled") })
        .Chain("receive", "remember", "announce", "notify", "pause", "done")
        .Build();
}
