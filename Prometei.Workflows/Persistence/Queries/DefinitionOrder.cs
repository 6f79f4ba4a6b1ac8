namespace Prometei.Workflows.Persistence.Queries;

/// <summary>How a definition list is ordered (Elsa's <c>OrderBy</c>).</summary>
public enum DefinitionOrder
{
    Name,
    Created,
    Version,
}
