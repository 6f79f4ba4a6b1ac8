using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates <c>Object</c> expressions: JSON text (as Studio's JSON editor stores it) or a JSON node, converted to the
/// input's type.
/// </summary>
public sealed class ObjectExpressionEvaluator : IExpressionEvaluator
{
    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public string Type => "Object";

    public string DisplayName => "Object";

    public bool IsBrowsable => false;

    public string? MonacoLanguage => "json";

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);

        var node = expression.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? Parse(expression.Text)
            : expression.Value;
        return ValueTask.FromResult(ExpressionResult.ConvertTo(node, targetType, Type));
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json, documentOptions: s_documentOptions);
        }
        catch (JsonException ex)
        {
            // The parser's own message quotes the offending character; report the position only.
            throw new ExpressionException(
                $"Object expression: the JSON is invalid at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}.");
        }
    }
}
