using System.Text.Json.Nodes;

namespace Prometei.Api.Sync;

/// <summary>What DRY_RUN did not send: logged (method, path, count, order codes — no customer data) and returned in full.</summary>
public sealed class DryRunLog(ILogger logger)
{
    public JsonArray Writes { get; } = [];

    public void Add(string method, string path, JsonNode body, IEnumerable<string> codes)
    {
        var list = codes.ToList();
        SyncLog.DryRunWrite(logger, method, path, body is JsonArray array ? array.Count : 1, string.Join(",", list));
        Writes.Add(new JsonObject { ["method"] = method, ["path"] = path, ["body"] = body.DeepClone() });
    }
}
