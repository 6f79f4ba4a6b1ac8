using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Fork (the one for sequences; flowcharts use <c>Elsa.FlowFork</c>): runs every activity of <c>branches</c> at once
/// and completes when all of them have completed (<c>WaitAll</c>, Elsa's default) or when the first one has, cancelling the
/// others (<c>WaitAny</c>: a race between, say, an approval and a timeout).
/// </summary>
[Activity("Elsa", "Control Flow", "Branch execution into multiple branches.", TypeName = "Elsa.Fork", IsBrowsable = false)]
public sealed class Fork : Activity, IContainerActivity
{
    [Input(Description = "Controls when this activity yields control back to its parent activity.", UIHint = InputUIHints.Dropdown,
        Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll", IsWrapped = false)]
    public Input<string> JoinMode { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = Node.Json["branches"] is JsonArray array
            ? Node.Children.Where(c => array.Any(b => ReferenceEquals(b, c.Json))).ToList()
            : [];
        if (branches.Count == 0)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        context.State["waitAny"] = context.Get(JoinMode) is "WaitAny" or "1"; // Elsa's ForkJoinMode: WaitAll = 0, WaitAny = 1
        foreach (var branch in branches)
        {
            context.ScheduleChild(branch);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        if (context.State.TryGetValue("waitAny", out var waitAny) && waitAny is JsonValue v && v.GetValue<bool>())
        {
            foreach (var (frameId, _) in context.ActiveChildren)
            {
                context.CancelChild(frameId);
            }

            context.Complete();
        }
        else if (context.ActiveChildren.Count == 0)
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }
}
