using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's If: evaluates <c>Condition</c>, sets it as <c>Result</c>, runs <c>Then</c> or <c>Else</c> (either may be empty)
/// and completes with <c>Done</c> when that branch completes.
/// </summary>
[Activity("Elsa", "Branching", "Evaluate a Boolean condition to determine which activity to execute next.", TypeName = "Elsa.If")]
public sealed class If : Activity
{
    [Input(Description = "The condition to evaluate.", UIHint = InputUIHints.SingleLine, DefaultValue = false)]
    public Input<bool> Condition { get; set; } = new();

    [Output(Description = "The value of the condition.")]
    public Output<bool> Result { get; set; } = new();

    [Port]
    public Activity? Then { get; set; }

    [Port]
    public Activity? Else { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var condition = context.Get(Condition);
        context.Set(Result, condition);
        var next = condition ? Then : Else;
        if (next is null)
        {
            context.Complete();
        }
        else
        {
            context.ScheduleChild(next.Node);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
