namespace Prometei.Workflows.Engine.Model;

public enum IncidentStrategy
{
    /// <summary>An incident faults the instance.</summary>
    Fault,

    /// <summary>An incident is recorded and the rest of the workflow goes on.</summary>
    Continue,
}
