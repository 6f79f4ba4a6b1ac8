using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's Timer: as a trigger, starts the workflow every interval (each slot once across servers). Inside a flow, waits one interval.</summary>
[Activity("Elsa", "Scheduling", "Trigger workflow execution at a specific interval.", TypeName = "Elsa.Timer", Kind = ActivityKind.Trigger)]
public sealed class Timer : Activity
{
    [Input(Description = "The interval, as hh:mm:ss.", DefaultValue = "00:01:00")]
    public Input<TimeSpan> Interval { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfInstance)
        {
            context.Complete();
        }
        else
        {
            context.CreateBookmark("Timer", context.Time.GetUtcNow() + context.Get(Interval));
        }

        return ValueTask.CompletedTask;
    }
}
