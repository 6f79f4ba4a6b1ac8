using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// An instance to insert, with the instance it replays, if any. <see cref="Singleton"/>: its definition runs one instance at a
/// time, so it is not created while another instance of the definition is running.
/// </summary>
public sealed record NewInstance(WorkflowState State, string? ReplayOf = null, bool Singleton = false);
