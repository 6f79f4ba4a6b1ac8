namespace Prometei.Workflows.Engine.Expressions;

/// <summary>An expression could not be compiled or evaluated, or its result did not convert to the input's type.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message) : base(message) { }

    public ExpressionException(string message, Exception innerException) : base(message, innerException) { }
}
