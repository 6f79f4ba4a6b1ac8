using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>Converts an evaluator's raw result to the input's type, reporting a failure as an <see cref="ExpressionException"/>.</summary>
internal static class ExpressionResult
{
    public static object? ConvertTo(object? value, Type targetType, string expressionType)
    {
        try
        {
            return ValueConverter.ConvertTo(value, targetType);
        }
        catch (InvalidCastException ex)
        {
            throw new ExpressionException($"{expressionType} expression: {ex.Message}", ex);
        }
    }
}
