namespace Prometei.Workflows.Persistence.Queries;

/// <summary>One page of a query's rows and the number of rows the whole query matches.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long TotalCount);
