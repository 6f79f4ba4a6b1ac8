namespace Prometei.Workflows.Engine.Expressions;

/// <summary>An expression could not be compiled or evaluated, or its result did not convert to the input's type.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message) : base(message) { }

    public ExpressionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>An activity's input whose expression failed, named as the journal and the incident show it.</summary>
    public static ExpressionException ForInput(string activityDisplayName, string activityType, string input, Exception innerException) =>
        new($"Activity '{activityDisplayName}' ({activityType}): input '{input}' could not be evaluated: {innerException.Message}", innerException);
}
