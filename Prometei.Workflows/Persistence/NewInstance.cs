using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>An instance to insert, with the instance it replays, if any.</summary>
public sealed record NewInstance(WorkflowState State, string? ReplayOf = null);
