using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>One step to write in one transaction.</summary>
public sealed record StepCommit(
    WorkflowState State,
    ExecutionStep Step,
    long Fence,
    IReadOnlyList<long> ConsumedWorkItems,
    bool ReleaseLease,
    IReadOnlyList<ExecutionLogRecord> ExtraLog,
    bool ExtraNotify = false);
