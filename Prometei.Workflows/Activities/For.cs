using System.Globalization;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's For: runs <c>Body</c> for each number from <c>Start</c> to <c>End</c> by <c>Step</c> (end included unless
/// <c>OuterBoundInclusive</c> is false; a negative step counts down). The body sees the number as the local variable
/// <c>CurrentValue</c>, and it is the <c>CurrentValue</c> output. A Break inside the body ends the loop.
/// </summary>
[Activity("Elsa", "Looping", "Iterate over a sequence of steps between a start and an end number.", TypeName = "Elsa.For")]
public sealed class For : Activity, IBreakable
{
    private const string CurrentKey = "current";

    [Input(Description = "The start step.", DefaultValue = 0, Order = 0)]
    public Input<int> Start { get; set; } = new();

    [Input(Description = "The end step.", DefaultValue = 0, Order = 1)]
    public Input<int> End { get; set; } = new();

    [Input(Description = "The step size. To count down, enter a negative number.", DefaultValue = 1, Order = 2)]
    public Input<int> Step { get; set; } = new();

    [Input(Description = "Controls whether the end step is upper/lowerbound inclusive or exclusive. True (inclusive) by default.",
        UIHint = InputUIHints.Checkbox, DefaultValue = true, Order = 3)]
    public Input<bool> OuterBoundInclusive { get; set; } = new();

    [Output(Description = "The current value.")]
    public Output<object> CurrentValue { get; set; } = new();

    [Port]
    public Activity? Body { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.State["start"] = context.Get(Start);
        context.State["end"] = context.Get(End);
        context.State["step"] = context.Get(Step);
        context.State["inclusive"] = context.Get(OuterBoundInclusive);
        if (Body is null)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        Iterate(context, context.Get(Start));
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        if (context.IsBreaking)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        Iterate(context, context.State[CurrentKey]!.GetValue<int>() + context.State["step"]!.GetValue<int>());
        return ValueTask.CompletedTask;
    }

    private void Iterate(ActivityExecutionContext context, int current)
    {
        var end = context.State["end"]!.GetValue<int>();
        var increment = context.State["step"]!.GetValue<int>() >= 0;
        var inclusive = context.State["inclusive"]!.GetValue<bool>();
        var loop = increment
            ? (inclusive ? current <= end : current < end)
            : (inclusive ? current >= end : current > end);
        if (!loop)
        {
            context.Complete();
            return;
        }

        context.State[CurrentKey] = current;
        context.Set(CurrentValue, current);
        var locals = new Dictionary<string, object?>(StringComparer.Ordinal) { ["CurrentValue"] = current };
        if (CurrentValue.MemoryReferenceId is { } bound && context.ResolveVariableName(bound) is { } name)
        {
            locals[name] = current;
        }

        context.ScheduleChild(Body!.Node, current.ToString(CultureInfo.InvariantCulture), locals);
    }
}
