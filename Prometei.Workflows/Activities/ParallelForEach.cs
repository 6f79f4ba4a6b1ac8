using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's ParallelForEach with a bound: at most <see cref="MaxDegreeOfParallelism"/> bodies run at once. Each body sees its own
/// item as the local variables <c>CurrentValue</c> and <c>CurrentIndex</c> (and in the variable its output is bound to).
/// </summary>
[Activity("Elsa", "Looping", "Iterate over a set of values in parallel.", TypeName = "Elsa.ParallelForEach", DisplayName = "Parallel For Each")]
public sealed class ParallelForEach : Activity
{
    [Input(Description = "The set of values to iterate.", UIHint = InputUIHints.MultiLine, Order = 0)]
    public Input<object> Items { get; set; } = new();

    [Input(Description = "How many bodies may run at the same time.", DefaultValue = 4, Order = 1)]
    public Input<int> MaxDegreeOfParallelism { get; set; } = new();

    [Output(Description = "The current value being iterated.")]
    public Output<object> CurrentValue { get; set; } = new();

    [Port]
    public Activity? Body { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = LoopItems.From(context.Get(Items));
        var bound = Math.Max(1, context.Get(MaxDegreeOfParallelism));
        context.State["items"] = new JsonArray([.. items.Select(ValueConverter.ToJson)]);
        context.State["next"] = 0;
        context.State["running"] = 0;
        context.State["bound"] = bound;
        if (items.Count == 0 || Body is null)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        for (var i = 0; i < Math.Min(bound, items.Count); i++)
        {
            ScheduleNext(context);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var items = (JsonArray)context.State["items"]!;
        context.State["running"] = context.State["running"]!.GetValue<int>() - 1;
        if (context.State["next"]!.GetValue<int>() < items.Count)
        {
            ScheduleNext(context);
        }
        else if (context.State["running"]!.GetValue<int>() == 0)
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }

    private void ScheduleNext(ActivityExecutionContext context)
    {
        var index = context.State["next"]!.GetValue<int>();
        var item = ValueConverter.FromJson(((JsonArray)context.State["items"]!)[index]);
        var locals = LoopItems.Locals(item, index);
        if (CurrentValue.MemoryReferenceId is { } bound && context.ResolveVariableName(bound) is { } name)
        {
            locals[name] = item;
        }

        context.State["next"] = index + 1;
        context.State["running"] = context.State["running"]!.GetValue<int>() + 1;
        context.ScheduleChild(Body!.Node, index.ToString(CultureInfo.InvariantCulture), locals);
    }
}
