using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>An instance restored from an export: its state as the engine keeps it, and its journal.</summary>
/// <param name="State">The state; its bookmarks are written to the bookmark index as well.</param>
/// <param name="ReplayOf">The instance it replays, if any.</param>
/// <param name="Records">Its activity execution records (every attempt).</param>
/// <param name="Log">Its execution log.</param>
public sealed record ImportedInstance(
    WorkflowState State,
    string? ReplayOf,
    IReadOnlyList<ActivityExecutionRecord> Records,
    IReadOnlyList<ExecutionLogRecord> Log);

/// <summary>What an import did: how many instances it wrote, or, when <see cref="Errors"/> is not empty, nothing.</summary>
/// <param name="Imported">The instances written; those whose id already existed are not counted.</param>
/// <param name="Skipped">The ids that already existed and were left as they are.</param>
/// <param name="Errors">Why nothing was written.</param>
public sealed record ImportOutcome(int Imported, IReadOnlyList<string> Skipped, IReadOnlyList<string> Errors);
