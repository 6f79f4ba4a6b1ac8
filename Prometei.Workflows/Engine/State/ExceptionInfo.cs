namespace Prometei.Workflows.Engine.State;

/// <summary>An exception as journals keep it (Elsa's shape). No stack trace is kept for expected faults.</summary>
public sealed record ExceptionInfo(string Type, string Message, string? StackTrace, ExceptionInfo? InnerException)
{
    public static ExceptionInfo From(Exception exception, bool includeStackTrace = true) =>
        new(exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            includeStackTrace ? exception.StackTrace : null,
            exception.InnerException is null ? null : From(exception.InnerException, includeStackTrace));
}
