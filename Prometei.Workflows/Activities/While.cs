using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's While: runs <c>Body</c> as long as <c>Condition</c> is true, evaluating it before each round (variables the body
/// wrote are seen); a Break inside the body ends the loop.
/// </summary>
[Activity("Elsa", "Looping", "Execute an activity while a given condition evaluates to true.", TypeName = "Elsa.While")]
public sealed class While : Activity, IBreakable
{
    [Input(Description = "The condition to evaluate before each round.", UIHint = InputUIHints.SingleLine, DefaultValue = false)]
    public Input<bool> Condition { get; set; } = new();

    [Port]
    public Activity? Body { get; set; }

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        await IterateAsync(context, context.Get(Condition));

    public override async ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child) =>
        await IterateAsync(context, !context.IsBreaking && await ConditionAsync(context));

    private async ValueTask<bool> ConditionAsync(ActivityExecutionContext context)
    {
        // Inputs are evaluated once per execution; each further round evaluates the condition afresh.
        if (Condition.Expression is not { } expression)
        {
            return false;
        }

        return (bool)(Engine.Values.ValueConverter.ConvertTo(await context.EvaluateAsync(expression, typeof(bool)), typeof(bool)) ?? false);
    }

    private ValueTask IterateAsync(ActivityExecutionContext context, bool loop)
    {
        if (loop && Body is not null)
        {
            context.ScheduleChild(Body.Node);
        }
        else
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }
}
