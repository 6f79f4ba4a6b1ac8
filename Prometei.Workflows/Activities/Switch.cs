using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Switch: runs the activity of the first case whose condition is true (of every true case with <c>MatchAny</c>),
/// or <c>Default</c> when none is, and completes when those complete. Each case is
/// <c>{"label", "condition": {"type", "value"}, "activity"}</c>.
/// </summary>
[Activity("Elsa", "Branching", "Evaluate a set of case conditions and schedule the activity for a matching case.", TypeName = "Elsa.Switch")]
public sealed class Switch : Activity, IContainerActivity
{
    [Input(Description = "The cases to evaluate.", UIHint = "switch-editor", IsWrapped = false, Order = 0)]
    public Input<object> Cases { get; set; } = new();

    [Input(Description = "The switch mode determines whether the first match should be scheduled, or all matches.",
        UIHint = InputUIHints.Dropdown, Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst", Order = 1)]
    public Input<string> Mode { get; set; } = new();

    [Port]
    public Activity? Default { get; set; }

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matches = await SwitchCases.MatchingAsync(context, context.Get(Mode));
        var scheduled = 0;
        foreach (var match in matches)
        {
            if (match["activity"] is System.Text.Json.Nodes.JsonObject activity && Node.Children.Find(c => ReferenceEquals(c.Json, activity)) is { } child)
            {
                context.ScheduleChild(child);
                scheduled++;
            }
        }

        if (matches.Count == 0 && Default is not null)
        {
            context.ScheduleChild(Default.Node);
            scheduled++;
        }

        if (scheduled == 0)
        {
            context.Complete();
        }
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        if (context.ActiveChildren.Count == 0)
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }
}
