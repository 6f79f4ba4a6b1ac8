namespace Prometei.Workflows.Persistence.Queries;

/// <summary>A filtered, ordered page of instances. Empty lists and nulls mean "no filter".</summary>
public sealed record InstanceListQuery
{
    public IReadOnlyList<string> Ids { get; init; } = [];

    public IReadOnlyList<string> DefinitionIds { get; init; } = [];

    public string? DefinitionVersionId { get; init; }

    public IReadOnlyList<string> DefinitionVersionIds { get; init; } = [];

    public string? CorrelationId { get; init; }

    public IReadOnlyList<string> CorrelationIds { get; init; } = [];

    /// <summary>Exact names.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    public int? Version { get; init; }

    public bool? HasIncidents { get; init; }

    public IReadOnlyList<string> Statuses { get; init; } = [];

    public IReadOnlyList<string> SubStatuses { get; init; } = [];

    /// <summary>An exact id, definition id, version id or correlation id, or the start of the name.</summary>
    public string? SearchTerm { get; init; }

    public IReadOnlyList<TimestampFilter> Timestamps { get; init; } = [];

    /// <summary>Instances with at least one execution record matching each filter.</summary>
    public IReadOnlyList<ActivityExecutionFilter> Activities { get; init; } = [];

    /// <summary>Only the instances a cancel can act on: running ones and faulted ones.</summary>
    public bool CancellableOnly { get; init; }

    public InstanceOrder OrderBy { get; init; } = InstanceOrder.Created;

    public bool Descending { get; init; } = true;

    public int Skip { get; init; }

    public int Take { get; init; } = 100;
}
