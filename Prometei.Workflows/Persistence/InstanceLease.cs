namespace Prometei.Workflows.Persistence;

/// <summary>
/// The lease a new instance is inserted under when the node that accepts it runs it itself: no <c>Run</c> queue row is written,
/// and a node that stops before finishing leaves a lease that runs out, which <see cref="WorkQueue.ClaimExpiredAsync"/> finds.
/// </summary>
public sealed record InstanceLease(string Owner, TimeSpan Duration)
{
    /// <summary>The fence of an instance inserted under a lease (claims raise it from there).</summary>
    public const long FirstFence = 1;
}
