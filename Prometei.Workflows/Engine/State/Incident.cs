namespace Prometei.Workflows.Engine.State;

/// <summary>An activity that failed for good.</summary>
public sealed record Incident(
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    string Message,
    ExceptionInfo? Exception,
    DateTimeOffset Timestamp);
