namespace Prometei.Workflows.Activities;

/// <summary>Elsa's flowchart execution modes.</summary>
public enum FlowchartExecutionMode
{
    /// <summary>Visits of activities and connections are counted; an implicit join waits for every inbound connection to be visited.</summary>
    CounterBased,

    /// <summary>Tokens flow along the taken connections; each activity's merge mode decides when it runs.</summary>
    TokenBased,
}
