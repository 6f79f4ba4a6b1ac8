using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's Delay: a durable wait. The instance is stored and resumes at the time, across restarts.</summary>
[Activity("Elsa", "Scheduling", "Delay execution for the specified amount of time.", TypeName = "Elsa.Delay")]
public sealed class Delay : Activity
{
    [Input(Description = "How long to wait, as hh:mm:ss.", DefaultValue = "00:00:01")]
    public Input<TimeSpan> TimeSpan { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var delay = context.Get(TimeSpan);
        if (delay <= System.TimeSpan.Zero)
        {
            context.Complete();
        }
        else
        {
            context.CreateBookmark("Delay", context.Time.GetUtcNow() + delay);
        }

        return ValueTask.CompletedTask;
    }
}
