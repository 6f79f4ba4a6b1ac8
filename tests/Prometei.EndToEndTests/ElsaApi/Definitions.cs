using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>Definitions the tests save through the API, as Studio would send them.</summary>
public static class Definitions
{
    public static JsonObject Variable(string name, string typeName, string? value) => new()
    {
        ["id"] = $"var-{name}",
        ["name"] = name,
        ["typeName"] = typeName,
        ["isArray"] = false,
        ["value"] = value,
        ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
    };

    /// <summary>start → write → set OrderCount = 3 → a loop over two items whose body writes; finishes on its own.</summary>
    public static JsonObject OrdersSync(string definitionId = "orders-sync") => Flow.Create(definitionId, "Orders sync")
        .Variable("OrderCount", "Int32", 0)
        .Activity("start1", "Elsa.Start")
        .Activity("write1", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("hello") })
        .Activity("set1", "Elsa.SetVariable", new() { ["variable"] = Variable("OrderCount", "Int32", "0"), ["value"] = Flow.Literal("3", "Object") })
        .Activity("loop1", "Elsa.ForEach", new()
        {
            ["items"] = Flow.ObjectJson("""["a","b"]"""),
            ["body"] = new JsonObject { ["id"] = "body1", ["name"] = "Body1", ["type"] = "Elsa.WriteLine", ["version"] = 1, ["text"] = Flow.Literal("item") },
        })
        .Chain("start1", "write1", "set1", "loop1")
        .Build();

    /// <summary>start → wait for an event that never comes: the instance stays Running/Suspended.</summary>
    public static JsonObject Waiting(string definitionId = "waiting", bool singleton = false)
    {
        var flow = Flow.Create(definitionId, "Waiting")
            .Activity("start1", "Elsa.Start")
            .Activity("wait1", "Elsa.Event", new() { ["eventName"] = Flow.Literal("never-" + definitionId) })
            .Chain("start1", "wait1");
        return (singleton ? flow.Singleton() : flow).Build();
    }

    /// <summary>start → fault: the instance ends Faulted with one incident.</summary>
    public static JsonObject Faulting(string definitionId = "faulting") => Flow.Create(definitionId, "Faulting")
        .Activity("start1", "Elsa.Start")
        .Activity("fault1", "Elsa.Fault", new() { ["message"] = Flow.Literal("Gateway timeout") })
        .Chain("start1", "fault1")
        .Build();

    /// <summary>The definition without any nodeId, as a client that does not compute them would send it.</summary>
    public static JsonObject WithoutNodeIds(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    o.Remove("nodeId");
                    foreach (var (_, value) in o.ToList())
                    {
                        Strip(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Strip(item);
                    }

                    break;
            }
        }
    }

    /// <summary>Every activity object in a definition's tree (anything with type, id and version), the root included.</summary>
    public static IEnumerable<JsonObject> Activities(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue && o["id"] is JsonValue && o["version"] is JsonValue)
                {
                    yield return o;
                }

                foreach (var (key, value) in o)
                {
                    if (key is not ("metadata" or "customProperties" or "variables" or "connections"))
                    {
                        foreach (var child in Activities(value))
                        {
                            yield return child;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Activities))
                {
                    yield return child;
                }

                break;
        }
    }
}
