namespace Prometei.Workflows.Engine.Expressions;

/// <summary>
/// Evaluates <c>Literal</c> expressions: the stored value (text or any JSON) converted to the input's type,
/// so <c>"True"</c> feeds a bool input and <c>"[\"GET\",\"POST\"]"</c> a string array.
/// </summary>
public sealed class LiteralExpressionEvaluator : IExpressionEvaluator
{
    public string Type => "Literal";

    public string DisplayName => "Literal";

    public bool IsBrowsable => true;

    public string? MonacoLanguage => null;

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(targetType);
        return ValueTask.FromResult(ExpressionResult.ConvertTo(expression.Value, targetType, Type));
    }
}
