using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Event: as a trigger, <c>POST /workflows/events/{name}</c> starts the workflow; inside a flow, the instance waits for
/// that event. The event's JSON body is the output.
/// </summary>
[Activity("Elsa", "Primitives", "Wait for an event sent to /workflows/events/{name}.", TypeName = "Elsa.Event", Kind = ActivityKind.Trigger)]
public sealed class Event : Activity
{
    public const string BookmarkPrefix = "Event:";

    [Input(Description = "The name of the event.")]
    public Input<string> EventName { get; set; } = new();

    [Output(Description = "The event's payload.")]
    public Output<object> Result { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.TriggerPayload is not null)
        {
            context.Set(Result, ValueConverter.FromJson(context.TriggerPayload));
            context.Complete();
        }
        else
        {
            context.CreateBookmark(BookmarkPrefix + context.Get(EventName));
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Set(Result, ValueConverter.FromJson(context.ResumePayload));
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
