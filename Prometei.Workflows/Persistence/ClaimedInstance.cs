namespace Prometei.Workflows.Persistence;

/// <summary>An instance this node now leases. <see cref="PreviousOwner"/> is set when another node's lease ran out on it.</summary>
public sealed record ClaimedInstance(string Id, long Fence, string? PreviousOwner);
