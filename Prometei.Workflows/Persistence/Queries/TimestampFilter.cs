namespace Prometei.Workflows.Persistence.Queries;

/// <summary>A condition on one of an instance's timestamps.</summary>
/// <param name="Column">Which timestamp: <c>created_at</c>, <c>updated_at</c> or <c>finished_at</c>.</param>
/// <param name="Operator">The SQL comparison: <c>=</c>, <c>&lt;&gt;</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c> or <c>&gt;=</c>.</param>
/// <param name="Timestamp">The value compared with.</param>
public sealed record TimestampFilter(string Column, string Operator, DateTimeOffset Timestamp)
{
    private static readonly HashSet<string> s_columns = ["created_at", "updated_at", "finished_at"];
    private static readonly HashSet<string> s_operators = ["=", "<>", "<", ">", "<=", ">="];

    /// <summary>Whether both parts are ones this filter knows; only such filters reach SQL.</summary>
    public bool IsValid => s_columns.Contains(Column) && s_operators.Contains(Operator);
}
