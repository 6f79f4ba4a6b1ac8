using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Sequence: runs its <c>activities</c> one after the other, and completes after the last one, or at once when a
/// terminal activity (End, Complete, Break) completes or a Break inside it asked it to stop. It may be the workflow's root.
/// </summary>
[Activity("Elsa", "Workflows", "Execute a set of activities in sequence.", TypeName = "Elsa.Sequence", IsBrowsable = false)]
public sealed class Sequence : Activity, IContainerActivity, IBreakable
{
    private const string IndexKey = "index";

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        ScheduleAt(context, 0);
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        if (context.IsBreaking || child.Node.Descriptor.IsTerminal)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        ScheduleAt(context, context.State[IndexKey]!.GetValue<int>() + 1);
        return ValueTask.CompletedTask;
    }

    private void ScheduleAt(ActivityExecutionContext context, int index)
    {
        context.State[IndexKey] = index;
        if (index < Node.Children.Count)
        {
            context.ScheduleChild(Node.Children[index]);
        }
        else
        {
            context.Complete();
        }
    }
}
