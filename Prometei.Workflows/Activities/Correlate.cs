using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's Correlate: sets the instance's correlation id (events and the instance list find it by that id).</summary>
[Activity("Elsa", "Primitives", "Set the CorrelationId of the workflow to a given value.", TypeName = "Elsa.Correlate")]
public sealed class Correlate : Activity
{
    [Input(Description = "An expression that evaluates to the value to store as the correlation id")]
    public Input<string> CorrelationId { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.SetCorrelationId(context.Get(CorrelationId));
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
