using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's decision: continues on <c>True</c> or <c>False</c>.</summary>
[Activity("Elsa", "Branching", "Evaluate a Boolean condition to determine which path to execute next.", TypeName = "Elsa.FlowDecision",
    DisplayName = "Decision", Outcomes = ["True", "False"])]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition to evaluate.", UIHint = InputUIHints.SingleLine)]
    public Input<bool> Condition { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(context.Get(Condition) ? "True" : "False");
        return ValueTask.CompletedTask;
    }
}
