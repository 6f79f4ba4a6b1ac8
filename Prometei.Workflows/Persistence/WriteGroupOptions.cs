using System.ComponentModel.DataAnnotations;

namespace Prometei.Workflows.Persistence;

/// <summary>How <see cref="WriteGroup"/> shares transactions between concurrent writes (section <c>Workflows:WriteGroup</c>).</summary>
public sealed class WriteGroupOptions
{
    public const string SectionName = "Workflows:WriteGroup";

    /// <summary>How many groups may be in the database at once; while they all are, new writes wait and form the next group.</summary>
    [Range(1, 64)]
    public int GroupsInFlight { get; set; } = 1;

    /// <summary>The most units of write (step commits, starts) one group takes; the rest wait for the next.</summary>
    [Range(1, 1024)]
    public int MaxUnits { get; set; } = 64;
}
