using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

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
    public const string LookBackSetting = "Integration:CatchUpLookBackMinutes";

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
        var configuration = Configuration(context);
        var pipelines = AmoCrmWebhook.ParseIds(context.Get(PipelineIds) is { Length: > 0 } p ? p : configuration[ParseAmoCrmWebhook.PipelinesSetting]);
        var statuses = AmoCrmWebhook.ParseIds(context.Get(StatusIds) is { Length: > 0 } s ? s : configuration[ParseAmoCrmWebhook.StatusesSetting]);
        var lookBack = context.Get(LookBackMinutes)
            ?? (long.TryParse(configuration[LookBackSetting], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 1440);
        var request = new JsonObject
        {
            ["pipelineIds"] = new JsonArray([.. pipelines.Select(id => (JsonNode?)id)]),
            ["statusIds"] = new JsonArray([.. statuses.Select(id => (JsonNode?)id)]),
            ["lookBackMinutes"] = lookBack,
        };
        var answer = await Gateway(context).PostAsync("api/amocrm/status-changes", request, null, context.CancellationToken);
        var changes = new JsonArray();
        foreach (var change in answer?["changes"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            changes.Add(new JsonObject
            {
                ["eventId"] = change["eventId"]?.DeepClone(),
                ["accountId"] = change["accountId"]?.DeepClone(),
                ["leadId"] = change["leadId"]?.DeepClone(),
                ["pipelineId"] = change["pipelineId"]?.DeepClone(),
                ["statusId"] = change["statusId"]?.DeepClone(),
                ["timestamp"] = change["createdAt"]?.DeepClone(),
            });
        }

        context.Set(Changes, ValueConverter.FromJson(changes));
        context.Set(Until, answer?["until"] is JsonValue u && u.TryGetValue<long>(out var until) ? until : 0);
        context.Complete();
    }
}
