using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates <c>Variable</c> expressions: a variable's name, or the variable as Studio's variable picker writes it,
/// <c>{"id":"…","name":"…","typeName":"…"}</c> (as JSON text or a JSON object). The id is resolved first, then the name.
/// </summary>
public sealed class VariableExpressionEvaluator : IExpressionEvaluator
{
    public string Type => "Variable";

    public string DisplayName => "Variable";

    public bool IsBrowsable => false;

    public string? MonacoLanguage => null;

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);
        ArgumentNullException.ThrowIfNull(context);

        var (id, name) = ReadReference(expression.Value);
        var resolved = (id is null ? null : context.ResolveVariableName(id))
                       ?? (name is null ? null : context.ResolveVariableName(name))
                       ?? throw new ExpressionException($"Variable expression: the workflow declares no variable '{name ?? id}'.");

        context.Variables.TryGetValue(resolved, out var value);
        return ValueTask.FromResult(ExpressionResult.ConvertTo(value, targetType, Type));
    }

    private static (string? Id, string? Name) ReadReference(JsonNode? value)
    {
        var reference = value as JsonObject;
        if (reference is null && value is JsonValue text && ValueConverter.FromJson(text) is string raw)
        {
            raw = raw.Trim();
            if (!raw.StartsWith('{'))
            {
                return raw.Length > 0 ? (null, raw) : throw new ExpressionException("Variable expression: no variable is chosen.");
            }

            try
            {
                reference = JsonNode.Parse(raw) as JsonObject;
            }
            catch (JsonException)
            {
                throw new ExpressionException("Variable expression: the variable reference is not valid JSON.");
            }
        }

        if (reference is null)
        {
            throw new ExpressionException("Variable expression: no variable is chosen.");
        }

        var id = ReadString(reference, "id");
        var name = ReadString(reference, "name");
        return id is null && name is null
            ? throw new ExpressionException("Variable expression: the variable reference has neither an id nor a name.")
            : (id, name);
    }

    private static string? ReadString(JsonObject reference, string propertyName)
    {
        foreach (var (key, node) in reference)
        {
            if (string.Equals(key, propertyName, StringComparison.OrdinalIgnoreCase)
                && node is JsonValue value && ValueConverter.FromJson(value) is string text && !string.IsNullOrWhiteSpace(text))
            {
                return text;
            }
        }

        return null;
    }
}
