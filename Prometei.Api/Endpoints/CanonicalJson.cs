using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Prometei.Api.Endpoints;

/// <summary>
/// The canonical form of a JSON body (object members sorted by name, no whitespace, arrays in order) and its SHA-256:
/// two bodies that differ only in member order or formatting hash alike, any other difference does not.
/// </summary>
public static class CanonicalJson
{
    public static string Canonicalize(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    public static string Hash(JsonNode? node) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonicalize(node))));

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        _ => node?.DeepClone(),
    };
}
