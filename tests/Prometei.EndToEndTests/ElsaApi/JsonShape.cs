using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// Compares a response with a shape written by hand from the contract. In the expected JSON: every member must be present
/// in the actual JSON under exactly that (case-sensitive) name; a string must meet a string (a date-looking string a date in
/// <c>yyyy-MM-ddTHH:mm:ss.fffffffzzz</c>), a number a number, a boolean a boolean; an object or array must meet an object or
/// array, never null (and each actual item must fit the first expected item); <c>null</c> accepts anything.
/// </summary>
public static partial class JsonShape
{
    public static void AssertMatches(string expectedJson, JsonNode? actual) =>
        Check(JsonNode.Parse(expectedJson), actual, "$");

    /// <summary>The object has exactly these members (for envelopes: <c>items/count</c> or <c>items/totalCount</c>).</summary>
    public static void AssertMembers(JsonNode? actual, params string[] members)
    {
        var names = Assert.IsType<JsonObject>(actual).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(members.Order(StringComparer.Ordinal).ToArray(), names);
    }

    public static void AssertDate(JsonNode? value, string path = "date")
    {
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        Assert.True(text is not null && DatePattern().IsMatch(text), $"{path}: '{value?.ToJsonString()}' is not yyyy-MM-ddTHH:mm:ss.fffffffzzz.");
    }

    private static void Check(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return;
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var (name, value) in expectedObject)
                {
                    Assert.True(actualObject.ContainsKey(name), $"{path}: member '{name}' is missing; present: {string.Join(", ", actualObject.Select(p => p.Key))}.");
                    Check(value, actualObject[name], $"{path}.{name}");
                }

                return;
            case JsonArray expectedArray:
                var actualArray = actual as JsonArray;
                Assert.True(actualArray is not null, $"{path}: expected an array, got {actual?.ToJsonString() ?? "null"}.");
                if (expectedArray.Count > 0)
                {
                    for (var i = 0; i < actualArray.Count; i++)
                    {
                        Check(expectedArray[0], actualArray[i], $"{path}[{i}]");
                    }
                }

                return;
            case JsonValue expectedValue:
                var kind = expectedValue.GetValueKind();
                var actualKind = actual?.GetValueKind() ?? JsonValueKind.Null;
                if (kind is JsonValueKind.True or JsonValueKind.False)
                {
                    Assert.True(actualKind is JsonValueKind.True or JsonValueKind.False, $"{path}: expected a boolean, got {actual?.ToJsonString() ?? "null"}.");
                }
                else if (kind == JsonValueKind.String && ExpectedDatePattern().IsMatch(expectedValue.GetValue<string>()))
                {
                    AssertDate(actual, path);
                }
                else
                {
                    Assert.True(kind == actualKind, $"{path}: expected {kind}, got {actual?.ToJsonString() ?? "null"}.");
                }

                return;
        }
    }

    /// <summary>What Studio is sent: <c>yyyy-MM-ddTHH:mm:ss.fffffffzzz</c>.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}[+-]\d{2}:\d{2}$")]
    private static partial Regex DatePattern();

    /// <summary>A date in an expected shape, as the contract writes them (any ISO 8601 form).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T")]
    private static partial Regex ExpectedDatePattern();
}
