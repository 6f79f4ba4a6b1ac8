using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Elsa's timestamp filters (column <c>CreatedAt</c>, <c>UpdatedAt</c> or <c>FinishedAt</c>; operator <c>Is</c>, <c>IsNot</c>,
/// <c>LessThan</c>, <c>GreaterThan</c>, <c>LessThanOrEqual</c> or <c>GreaterThanOrEqual</c>) as conditions on our columns. The
/// instance list and the alteration filter read them alike.
/// </summary>
internal static class TimestampFilters
{
    private static readonly Dictionary<string, string> s_columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CreatedAt"] = "created_at",
        ["UpdatedAt"] = "updated_at",
        ["FinishedAt"] = "finished_at",
    };

    private static readonly Dictionary<string, string> s_operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Is"] = "=",
        ["IsNot"] = "<>",
        ["LessThan"] = "<",
        ["GreaterThan"] = ">",
        ["LessThanOrEqual"] = "<=",
        ["GreaterThanOrEqual"] = ">=",
    };

    /// <summary>The filters as conditions; the error names the first one that is not known.</summary>
    public static (IReadOnlyList<TimestampFilter> Filters, string? Error) Map(IReadOnlyList<TimestampFilterModel?>? filters)
    {
        var mapped = new List<TimestampFilter>();
        foreach (var filter in filters ?? [])
        {
            if (filter?.Column is null || !s_columns.TryGetValue(filter.Column.Trim(), out var column)
                || filter.Operator is null || !s_operators.TryGetValue(filter.Operator.Trim(), out var op))
            {
                return ([], $"The timestamp filter '{filter?.Column} {filter?.Operator}' is not known: the column is CreatedAt, UpdatedAt or FinishedAt; "
                    + "the operator Is, IsNot, LessThan, GreaterThan, LessThanOrEqual or GreaterThanOrEqual.");
            }

            mapped.Add(new TimestampFilter(column, op, filter.Timestamp));
        }

        return (mapped, null);
    }
}
