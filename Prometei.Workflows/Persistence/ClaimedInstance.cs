using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// An instance this node now leases, with its <see cref="State"/> as the claim read it (one read less per run).
/// <see cref="PreviousOwner"/> is set when another node's lease ran out on it. <see cref="Accepted"/>: this node created it
/// leased to itself a moment ago (it has no queue rows), and <see cref="TraceParent"/> is the trace of the request that started it.
/// <see cref="WorkItems"/>: its due queue rows as the claim read them (null: not read, the processor reads them).
/// </summary>
public sealed record ClaimedInstance(
    string Id, long Fence, string? PreviousOwner, WorkflowState? State = null, bool Accepted = false, string? TraceParent = null,
    IReadOnlyList<WorkItem>? WorkItems = null);
