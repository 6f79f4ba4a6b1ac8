using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Creates an ERP task from an amoCRM lead, through the gateway and its task template: the gateway fills the template from its
/// own read of the lead (customer data never passes through the workflow). The idempotency key should come from the business
/// event (account, lead, status, event time), so amoCRM's redeliveries of one webhook never make a second task.
/// </summary>
[Activity("Prometei", "ERP", "Create an ERP task from an amoCRM lead.", DisplayName = "Create ERP task", HasOutsideEffect = true)]
public sealed class CreateErpTask : GatewayActivity
{
    [Input(Description = "The lead as Get amoCRM lead returned it (its id is used); or leave empty and give the lead id.", Order = 0)]
    public Input<object> Lead { get; set; } = new();

    [Input(Description = "The amoCRM lead id, when no lead is given.", Order = 1)]
    public Input<long> LeadId { get; set; } = new();

    [Input(Description = "The amoCRM status change (a webhook event or a catch-up change: leadId, accountId, statusId, timestamp): gives the lead id and the idempotency key both paths share.", Order = 2)]
    public Input<object> StatusChange { get; set; } = new();

    [Input(Description = "The idempotency key; empty: derived from the status change, else this execution's own key.", Order = 3)]
    public Input<string> IdempotencyKey { get; set; } = new();

    [Output(Description = "The ERP task's id (erpId) and whether it was a dry run (dryRun).")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var change = AmoCrmStatusChange.From(context.Get(StatusChange));
        var leadId = context.Get(Lead) is { } lead && ValueConverter.ToJson(lead)?["id"] is JsonValue id && id.TryGetValue<long>(out var fromLead)
            ? fromLead
            : change?.LeadId ?? context.Get(LeadId);
        if (leadId <= 0)
        {
            throw new ActivityException("Create ERP task needs a lead (with its id) or a positive lead id.", isTransient: false);
        }

        var result = await Gateway(context).PostAsync("api/erp/tasks", Object(("leadId", leadId)), KeyFor(context, context.Get(IdempotencyKey) is { Length: > 0 } given ? given : change?.TaskKey), context.CancellationToken);

        // The gateway's answer also holds the rendered task, which a template may fill with customer data: only the id is kept.
        context.Set(Result, ValueConverter.FromJson(Object(("erpId", result?["erpId"]?.DeepClone()), ("dryRun", result?["dryRun"]?.DeepClone()))));
        context.Complete();
    }
}
