namespace Prometei.Workflows.Activities;

/// <summary>How flowcharts route between activities: Elsa 3's two execution modes (<c>Workflows:Flowchart</c>).</summary>
public sealed class FlowchartOptions
{
    public const string SectionName = "Workflows:Flowchart";

    /// <summary>
    /// <see cref="FlowchartExecutionMode.CounterBased"/> (Elsa's default) or <see cref="FlowchartExecutionMode.TokenBased"/>
    /// (Elsa's newer model, where an activity's <c>customProperties.mergeMode</c> decides how it joins). An instance keeps
    /// the mode it started with.
    /// </summary>
    public FlowchartExecutionMode ExecutionMode { get; set; } = FlowchartExecutionMode.CounterBased;
}
