namespace Prometei.Workflows.Engine.Execution;

/// <summary>What the engine does with an activity that failed.</summary>
public enum RetryOutcome
{
    /// <summary>Another attempt is scheduled (<see cref="RetryDecision.RetryAt"/>).</summary>
    Retry,

    /// <summary>An incident is recorded and the instance faults.</summary>
    Fault,

    /// <summary>An incident is recorded and the rest of the workflow goes on (<see cref="Model.IncidentStrategy.Continue"/>).</summary>
    Incident,
}
