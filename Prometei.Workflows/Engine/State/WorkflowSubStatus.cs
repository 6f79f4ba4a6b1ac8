namespace Prometei.Workflows.Engine.State;

/// <summary>Elsa's instance sub-status.</summary>
public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
    Interrupted,
}
