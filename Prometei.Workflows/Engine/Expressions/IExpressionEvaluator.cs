namespace Prometei.Workflows.Engine.Expressions;

/// <summary>Evaluates one kind of expression (one <see cref="Expression.Type"/>).</summary>
public interface IExpressionEvaluator
{
    /// <summary>The expression type this evaluator handles, as Elsa names it (<c>Literal</c>, <c>CSharp</c>, …).</summary>
    string Type { get; }

    /// <summary>The name shown in Elsa Studio's syntax menu.</summary>
    string DisplayName { get; }

    /// <summary>Whether Studio lists this syntax in the menu beside each input.</summary>
    bool IsBrowsable { get; }

    /// <summary>The Monaco language Studio uses to edit it, or null.</summary>
    string? MonacoLanguage { get; }

    /// <summary>
    /// Evaluates <paramref name="expression"/> and converts the result to <paramref name="targetType"/>.
    /// Throws <see cref="ExpressionException"/> when the expression cannot be compiled, fails, or its result does not convert.
    /// </summary>
    ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken);
}
