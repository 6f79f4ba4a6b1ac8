using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's SetName: sets the instance's name (shown in the Studio's instance list).</summary>
[Activity("Elsa", "Primitives", "Set the name of the workflow instance to a specified value.", TypeName = "Elsa.SetName")]
public sealed class SetName : Activity
{
    [Input(Description = "The name to give the workflow instance.")]
    public Input<string> Value { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.SetWorkflowInstanceName(context.Get(Value) ?? "");
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
