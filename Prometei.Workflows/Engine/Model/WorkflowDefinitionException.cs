namespace Prometei.Workflows.Engine.Model;

/// <summary>A definition that cannot run, with every problem found.</summary>
public sealed class WorkflowDefinitionException(IReadOnlyList<string> errors)
    : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
