using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Reads an amoCRM webhook (the HTTP trigger's body) into lead events with leadId, accountId, subdomain, pipelineId, statusId,
/// oldPipelineId, oldStatusId, pipelineChanged, statusChanged, webhookId and timestamp, keeping the status changes in the
/// configured pipelines and statuses (all, when none are configured).
/// </summary>
[Activity("Prometei", "amoCRM", "Read an amoCRM webhook into lead status events.", DisplayName = "Parse amoCRM webhook", Outcomes = ["Done", "None"])]
public sealed class ParseAmoCrmWebhook : Activity
{
    [Input(Description = "The webhook body; empty: the body of the request that started the workflow.", Order = 0)]
    public Input<string> Body { get; set; } = new();

    [Input(Description = "Pipeline ids to act on, comma-separated; empty: the Integration:WebhookPipelines setting, or all.", Order = 1)]
    public Input<string> PipelineIds { get; set; } = new();

    [Input(Description = "Status ids to act on, comma-separated; empty: the Integration:WebhookStatuses setting, or all.", Order = 2)]
    public Input<string> StatusIds { get; set; } = new();

    [Output(Description = "The matching lead events.")]
    public Output<object> Events { get; set; } = new();

    [Output(Description = "How many lead events the webhook held.")]
    public Output<int> Received { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var body = context.Get(Body) is { Length: > 0 } given ? given : context.WorkflowInput.GetValueOrDefault("body")?.GetValue<string>();
        var (events, error) = AmoCrmWebhook.Parse(body);
        if (error is not null)
        {
            throw new Engine.Execution.ActivityException($"Activity '{Node.DisplayName}': {error}", isTransient: false);
        }

        var options = context.Services.GetRequiredService<IOptions<IntegrationOptions>>().Value;
        var pipelines = (context.Get(PipelineIds) is { Length: > 0 } p ? AmoCrmWebhook.ParseIds(p) : options.PipelineIds()).ToHashSet();
        var statuses = (context.Get(StatusIds) is { Length: > 0 } s ? AmoCrmWebhook.ParseIds(s) : options.StatusIds()).ToHashSet();
        var matching = events.Where(e => AmoCrmWebhook.Matches(e, pipelines, statuses)).ToList();
        context.Set(Events, ValueConverter.FromJson(new JsonArray([.. matching.Select(ToJson)])));
        context.Set(Received, events.Count);
        context.Complete(matching.Count == 0 ? "None" : "Done");
        return ValueTask.CompletedTask;
    }

    /// <summary>An event under the names the replaced system exposed: leadId, accountId, subdomain, pipelineId, ….</summary>
    public static JsonNode ToJson(AmoCrmLeadEvent e) => new JsonObject
    {
        ["action"] = e.Action,
        ["leadId"] = e.LeadId,
        ["accountId"] = e.AccountId,
        ["subdomain"] = e.Subdomain,
        ["pipelineId"] = e.PipelineId,
        ["statusId"] = e.StatusId,
        ["oldPipelineId"] = e.OldPipelineId,
        ["oldStatusId"] = e.OldStatusId,
        ["pipelineChanged"] = e.PipelineChanged,
        ["statusChanged"] = e.StatusChanged,
        ["webhookId"] = e.WebhookId,
        ["timestamp"] = e.Timestamp,
    };
}
