namespace Prometei.Workflows.Persistence.Queries;

/// <summary>
/// A condition on an instance's activity execution records (Elsa's alteration <c>ActivityFilter</c>): a record must match every
/// member that is set. Nulls mean "any".
/// </summary>
public sealed record ActivityExecutionFilter(string? ActivityId, string? ActivityInstanceId, string? NodeId, string? Name, string? Status)
{
    public bool IsEmpty => ActivityId is null && ActivityInstanceId is null && NodeId is null && Name is null && Status is null;
}
