namespace Prometei.Workflows.Persistence;

/// <summary>
/// An instance this node now leases. <see cref="PreviousOwner"/> is set when another node's lease ran out on it;
/// <see cref="TraceParent"/> is the trace context of the request that started it, when this node accepted it and runs it itself.
/// </summary>
public sealed record ClaimedInstance(string Id, long Fence, string? PreviousOwner, string? TraceParent = null);
