namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>Elsa's activity kinds. A trigger can start a workflow.</summary>
public enum ActivityKind
{
    Action,
    Trigger,
    Job,
    Task,
}
