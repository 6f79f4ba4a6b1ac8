namespace Prometei.Workflows.Engine.State;

/// <summary>Elsa's instance status.</summary>
public enum WorkflowStatus
{
    Running,
    Finished,
}
