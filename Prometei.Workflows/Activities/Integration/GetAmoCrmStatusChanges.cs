using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// The amoCRM → ERP catch-up's read: the lead status changes into the configured stages since the gateway's watermark (amoCRM's
/// event list, paged within the shared rate limit), with the same fields as the webhook's events, so that the same ERP step
/// and the same idempotency key serve both paths. Only ids, stages and times enter the workflow.
/// </summary>
[Activity("Prometei", "amoCRM", "Read amoCRM's status changes into the configured stages since the catch-up's watermark.",
    DisplayName = "Get amoCRM status changes", HasOutsideEffect = true)]
public sealed class GetAmoCrmStatusChanges : GatewayActivity
{
    [Input(Description = "Pipeline ids, comma-separated; empty: the Integration:WebhookPipelines setting, or all.", Order = 0)]
    public Input<string> PipelineIds { get; set; } = new();

    [Input(Description = "Status ids, comma-separated; empty: the Integration:WebhookStatuses setting, or all.", Order = 1)]
    public Input<string> StatusIds { get; set; } = new();

    [Input(Description = "How far back the first run looks, in minutes; empty: Integration:CatchUpLookBackMinutes, default 1440 (a day).", Order = 2)]
    public Input<long?> LookBackMinutes { get; set; } = new();

    [Output(Description = "The changes, oldest first: eventId, accountId, leadId, pipelineId, statusId, timestamp.")]
    public Output<object> Changes { get; set; } = new();

    [Output(Description = "Where the watermark moves once every change is done (Unix seconds).")]
    public Output<long> Until { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var options = Options(context);
        var query = new AmoCrmStatusChangesQuery(
            context.Get(PipelineIds) is { Length: > 0 } p ? AmoCrmWebhook.ParseIds(p) : options.PipelineIds(),
            context.Get(StatusIds) is { Length: > 0 } s ? AmoCrmWebhook.ParseIds(s) : options.StatusIds(),
            context.Get(LookBackMinutes) ?? options.CatchUpLookBackMinutes);
        var answer = await Api(context).GetAmoCrmStatusChangesAsync(query, context.CancellationToken);
        context.Set(Changes, Value(answer.Changes));
        context.Set(Until, answer.Until);
        context.Complete();
    }
}
