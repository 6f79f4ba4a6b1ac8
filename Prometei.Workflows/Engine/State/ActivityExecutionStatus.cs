namespace Prometei.Workflows.Engine.State;

/// <summary>Elsa's activity execution status.</summary>
public enum ActivityExecutionStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}
