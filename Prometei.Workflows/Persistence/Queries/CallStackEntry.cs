using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence.Queries;

/// <summary>One activity execution on a call stack, with its depth from the root (0).</summary>
public sealed record CallStackEntry(ActivityExecutionRecord Record, int Depth);
