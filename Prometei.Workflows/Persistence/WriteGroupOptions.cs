using System.ComponentModel.DataAnnotations;

namespace Prometei.Workflows.Persistence;

/// <summary>How <see cref="WriteGroup"/> shares transactions between concurrent writes (section <c>Workflows:WriteGroup</c>).</summary>
public sealed class WriteGroupOptions
{
    public const string SectionName = "Workflows:WriteGroup";

    /// <summary>
    /// How many groups may be in the database at once; while they all are, new writes wait and form the next group. One: in the
    /// engine benchmark two gave half as many commits again (0.53 against 0.35 per instance, WAL flushes 0.44 against 0.34) and
    /// no throughput that the shared machine could tell apart (BENCHMARKS.md, "Issue 14: group commit").
    /// </summary>
    [Range(1, 64)]
    public int GroupsInFlight { get; set; } = 1;

    /// <summary>
    /// The most units of write (step commits, starts) one group takes; the rest wait for the next. A bound on one transaction's
    /// size (and on what one failed group writes again alone), not a batching knob: groups averaged about nine units with 32
    /// instances running and 64 clients starting.
    /// </summary>
    [Range(1, 1024)]
    public int MaxUnits { get; set; } = 64;
}
