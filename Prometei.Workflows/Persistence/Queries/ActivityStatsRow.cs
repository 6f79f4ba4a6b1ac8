namespace Prometei.Workflows.Persistence.Queries;

/// <summary>
/// What happened to one activity node in an instance. Counts are of activity instances (an execution with all its retry
/// attempts counts once); the latest attempt decides whether an execution completed or faulted.
/// </summary>
public sealed record ActivityStatsRow(
    string ActivityNodeId,
    string ActivityId,
    int StartedCount,
    int CompletedCount,
    bool IsBlocked,
    bool IsFaulted);
