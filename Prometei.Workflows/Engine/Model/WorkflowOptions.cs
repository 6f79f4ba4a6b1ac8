namespace Prometei.Workflows.Engine.Model;

/// <summary>The strategies a definition chose in its <c>options</c>.</summary>
public sealed record WorkflowOptions(ActivationStrategy Activation, IncidentStrategy Incident)
{
    public static WorkflowOptions Default { get; } = new(ActivationStrategy.Always, IncidentStrategy.Fault);
}
