namespace Prometei.Workflows.Persistence.Queries;

/// <summary>Which execution log records to read. Empty lists mean "no filter".</summary>
public sealed record JournalFilter
{
    public static JournalFilter None { get; } = new();

    public IReadOnlyList<string> ActivityIds { get; init; } = [];

    public IReadOnlyList<string> NodeIds { get; init; } = [];

    public IReadOnlyList<string> ExcludedActivityTypes { get; init; } = [];

    public IReadOnlyList<string> EventNames { get; init; } = [];
}
