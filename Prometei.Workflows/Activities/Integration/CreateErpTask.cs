using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Creates an ERP task from an amoCRM lead in one gateway call: the gateway reads the lead once (with only the contacts its
/// task template uses) and fills the template, so no customer data passes through the workflow. The idempotency key comes
/// from the status change (<see cref="AmoCrmStatusChange.TaskKey"/>: account, lead, status, event time), so amoCRM's
/// redeliveries of one webhook, and the catch-up reading the same change, never make a second task.
/// </summary>
[Activity("Prometei", "ERP", "Create an ERP task from an amoCRM lead (the gateway reads the lead).", DisplayName = "Create ERP task",
    HasOutsideEffect = true, Outcomes = ["Done", LeadNotFound, Refused])]
public sealed class CreateErpTask : GatewayActivity
{
    [Input(Description = "The amoCRM status change (a webhook event or a catch-up change: leadId, accountId, statusId, timestamp): gives the lead id and the idempotency key both paths share.", Order = 0)]
    public Input<object> StatusChange { get; set; } = new();

    [Input(Description = "The amoCRM lead id, when no status change is given.", Order = 1)]
    public Input<long> LeadId { get; set; } = new();

    [Input(Description = "The idempotency key; empty: derived from the status change, else this execution's own key.", Order = 2)]
    public Input<string> IdempotencyKey { get; set; } = new();

    [Output(Description = "The ERP task: erpId, dryRun.")]
    public Output<object> Result { get; set; } = new();

    [Output(Description = "The ERP task's id.")]
    public Output<long?> ErpId { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var change = AmoCrmStatusChange.From(context.Get(StatusChange));
        var leadId = change?.LeadId ?? context.Get(LeadId);
        if (leadId <= 0)
        {
            throw new ActivityException("Create ERP task needs a status change or a positive lead id.", isTransient: false);
        }

        var key = KeyFor(context, context.Get(IdempotencyKey) is { Length: > 0 } given ? given : change?.TaskKey);
        var result = await Api(context).CreateErpTaskAsync(leadId, key, context.CancellationToken);
        if (result.Value is not { } created)
        {
            context.Complete(result.IsNotFound ? LeadNotFound : Refused);
            return;
        }

        context.Set(Result, Value(created));
        context.Set(ErpId, created.ErpId);
        context.Complete();
    }
}
