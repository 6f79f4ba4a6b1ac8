using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>A typed expression as Elsa stores it: <c>{"type": "Literal", "value": …}</c>.</summary>
/// <param name="Type">The expression descriptor type: <c>Literal</c>, <c>Object</c>, <c>Variable</c> or <c>CSharp</c>.</param>
/// <param name="Value">The expression's text or JSON value, as stored in the definition.</param>
public sealed record Expression(string Type, JsonNode? Value)
{
    /// <summary>The value as text: a JSON string's content, or any other JSON written out.</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Value.ToJsonString(),
    };
}
