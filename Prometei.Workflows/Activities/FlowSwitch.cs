using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's flowchart switch: continues on the label of the first case whose condition is true (every true case with
/// <c>MatchAny</c>), or on <c>Default</c> when none is. Each case is <c>{"label", "condition": {"type", "value"}}</c>.
/// </summary>
[Activity("Elsa", "Branching", "Evaluate a set of case conditions and schedule the activity for a matching case.", TypeName = "Elsa.FlowSwitch",
    DisplayName = "Switch (flow)", Outcomes = ["Default"])]
public sealed class FlowSwitch : Activity
{
    [Input(Description = "The cases to evaluate.", UIHint = "flow-switch-editor", IsWrapped = false, Order = 0)]
    public Input<object> Cases { get; set; } = new();

    [Input(Description = "The switch mode determines whether the first match should be scheduled, or all matches.",
        UIHint = InputUIHints.Dropdown, Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst", Order = 1)]
    public Input<string> Mode { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var matches = await SwitchCases.MatchingAsync(context, context.Get(Mode));
        context.Complete([.. matches.Count == 0 ? ["Default"] : matches.Select(SwitchCases.Label)]);
    }
}
