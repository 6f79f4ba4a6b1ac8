using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.Engine.Model;

/// <summary>An activity input: an expression evaluated each time the activity runs.</summary>
public abstract class Input
{
    protected Input(Expression? expression, string? memoryReferenceId)
    {
        Expression = expression;
        MemoryReferenceId = memoryReferenceId;
    }

    /// <summary>The expression, or null when the input was left empty.</summary>
    public Expression? Expression { get; }

    /// <summary>Elsa's memory id for the input (<c>{activityId}:input-{kebab-name}</c>).</summary>
    public string? MemoryReferenceId { get; }

    /// <summary>The CLR type the expression's result is converted to.</summary>
    public abstract Type ValueType { get; }
}

/// <summary>An activity input of type <typeparamref name="T"/>.</summary>
public sealed class Input<T> : Input
{
    /// <summary>An empty input.</summary>
    public Input() : base(null, null) { }

    public Input(Expression? expression, string? memoryReferenceId = null) : base(expression, memoryReferenceId) { }

    /// <summary>A literal input, for activities built in code (tests).</summary>
    public Input(T literal) : base(new Expression("Literal", Values.ValueConverter.ToJson(literal)), null) { }

    public override Type ValueType => typeof(T);
}
