using System.Diagnostics.CodeAnalysis;

namespace Prometei.Workflows.Engine.Expressions;

/// <summary>The expression evaluators this server has, by <see cref="IExpressionEvaluator.Type"/>.</summary>
public sealed class ExpressionEvaluatorRegistry
{
    private readonly Dictionary<string, IExpressionEvaluator> _byType = new(StringComparer.OrdinalIgnoreCase);

    public ExpressionEvaluatorRegistry(IEnumerable<IExpressionEvaluator> evaluators)
    {
        ArgumentNullException.ThrowIfNull(evaluators);
        All = evaluators.ToList().AsReadOnly();
        foreach (var evaluator in All)
        {
            if (!_byType.TryAdd(evaluator.Type, evaluator))
            {
                throw new ArgumentException($"Two expression evaluators handle the type '{evaluator.Type}'.", nameof(evaluators));
            }
        }
    }

    /// <summary>Every evaluator, in registration order (the order Studio lists the browsable ones in).</summary>
    public IReadOnlyList<IExpressionEvaluator> All { get; }

    /// <summary>A registry with the built-in evaluators: Literal, Object, Variable, JavaScript, Liquid and CSharp.</summary>
    public static ExpressionEvaluatorRegistry CreateDefault() => new(
    [
        new LiteralExpressionEvaluator(),
        new ObjectExpressionEvaluator(),
        new VariableExpressionEvaluator(),
        new JavaScriptExpressionEvaluator(),
        new LiquidExpressionEvaluator(),
        new CSharpExpressionEvaluator(),
    ]);

    /// <summary>The evaluator for <paramref name="type"/>; throws <see cref="ExpressionException"/> when there is none.</summary>
    public IExpressionEvaluator Get(string type) => TryGet(type, out var evaluator)
        ? evaluator
        : throw new ExpressionException(
            $"Unknown expression type '{type}'; this server evaluates {string.Join(", ", All.Select(e => e.Type))}.");

    public bool TryGet(string? type, [NotNullWhen(true)] out IExpressionEvaluator? evaluator)
    {
        evaluator = null;
        return type is not null && _byType.TryGetValue(type, out evaluator);
    }

    /// <summary>Evaluates <paramref name="expression"/> with the evaluator for its type.</summary>
    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ExpressionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Get(expression.Type).EvaluateAsync(expression, targetType, context, cancellationToken);
    }
}
