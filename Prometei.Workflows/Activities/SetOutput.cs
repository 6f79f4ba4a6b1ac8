using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's SetOutput: assigns a value to one of the workflow's outputs (the instance's <c>output</c>, and the child's
/// <c>Output</c> in the result of the parent's <c>Elsa.ExecuteWorkflow</c>).
/// </summary>
[Activity("Elsa", "Composition", "Assigns a given value to the workflow's output.", TypeName = "Elsa.SetOutput", DisplayName = "Set Output")]
public sealed class SetOutput : Activity
{
    [Input(DisplayName = "Output", Description = "The output to assign.", UIHint = InputUIHints.OutputPicker)]
    public Input<string> OutputName { get; set; } = new();

    [Input(Description = "The value to assign.")]
    public Input<object> OutputValue { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.Get(OutputName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new Engine.Execution.ActivityException($"Activity '{Node.DisplayName}': the output to assign is not named.", isTransient: false);
        }

        context.SetWorkflowOutput(name, context.Get(OutputValue));
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
