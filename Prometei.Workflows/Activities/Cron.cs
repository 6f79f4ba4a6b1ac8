using Microsoft.Extensions.Options;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Runtime.Scheduling;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Cron: as a trigger, starts the workflow on each slot of the expression (5 fields, or 6 with seconds first), in the
/// configured time zone; each slot fires once however many servers run. Inside a flow, waits for the next slot.
/// </summary>
[Activity("Elsa", "Scheduling", "Trigger workflow execution on a cron schedule.", TypeName = "Elsa.Cron", Kind = ActivityKind.Trigger)]
public sealed class Cron : Activity
{
    [Input(Description = "The cron expression: 5 fields, or 6 with seconds first.")]
    public Input<string> CronExpression { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfInstance)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        var options = context.Services.GetService<IOptions<SchedulingOptions>>()?.Value ?? new SchedulingOptions();
        var schedule = CronSchedule.Parse(context.Get(CronExpression) ?? "", CronSchedule.ResolveTimeZone(options.TimeZone));
        var next = schedule.NextAfter(context.Time.GetUtcNow())?.ToUniversalTime();
        if (next is null)
        {
            context.Complete();
        }
        else
        {
            context.CreateBookmark("Cron", next);
        }

        return ValueTask.CompletedTask;
    }
}
