using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's ForEach: runs its body once per item, one after the other.</summary>
[Activity("Elsa", "Looping", "Iterate over a set of values.", TypeName = "Elsa.ForEach", DisplayName = "For Each")]
public sealed class ForEach : Activity
{
    [Input(Description = "The set of values to iterate.", UIHint = InputUIHints.MultiLine)]
    public Input<object> Items { get; set; } = new();

    [Output(Description = "The current value being iterated.")]
    public Output<object> CurrentValue { get; set; } = new();

    [Port]
    public Activity? Body { get; set; }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = LoopItems.From(context.Get(Items));
        context.State["items"] = new JsonArray([.. items.Select(ValueConverter.ToJson)]);
        context.State["index"] = 0;
        if (items.Count == 0 || Body is null)
        {
            context.Complete();
        }
        else
        {
            ScheduleBody(context, 0);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var items = (JsonArray)context.State["items"]!;
        var next = context.State["index"]!.GetValue<int>() + 1;
        context.State["index"] = next;
        if (next < items.Count)
        {
            ScheduleBody(context, next);
        }
        else
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }

    private void ScheduleBody(ActivityExecutionContext context, int index)
    {
        var item = ValueConverter.FromJson(((JsonArray)context.State["items"]!)[index]);
        context.Set(CurrentValue, item);
        context.ScheduleChild(Body!.Node, index.ToString(CultureInfo.InvariantCulture), LoopItems.Locals(item, index));
    }
}
