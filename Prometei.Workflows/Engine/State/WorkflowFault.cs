namespace Prometei.Workflows.Engine.State;

/// <summary>Why an instance faulted.</summary>
public sealed record WorkflowFault(string Message, string? FaultedActivityId, ExceptionInfo? Exception);
