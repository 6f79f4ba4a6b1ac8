namespace Prometei.Workflows.Persistence.Queries;

/// <summary>How an instance list is ordered (Elsa's <c>orderBy</c>).</summary>
public enum InstanceOrder
{
    Created,
    LastExecuted,
    Finished,
    Name,
}
