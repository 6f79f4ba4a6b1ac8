using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Reads a lead from amoCRM through the gateway (which holds the OAuth tokens and the rate limit). What enters the workflow's
/// state and journal is the lead without customer data: its own fields, and its contacts as ids only. Names, phones, e-mails
/// and custom fields stay in amoCRM and the gateway. The shipped flows do not need it (Create ERP task reads the lead in the
/// gateway); it is there for flows that branch on the lead's stage, price or tags.
/// </summary>
[Activity("Prometei", "amoCRM", "Get an amoCRM lead (its contacts as ids: no customer data enters the workflow).", DisplayName = "Get amoCRM lead", HasOutsideEffect = true, Outcomes = ["Done", LeadNotFound])]
public sealed class GetAmoCrmLead : GatewayActivity
{
    [Input(Description = "The amoCRM lead id.", Order = 0)]
    public Input<long> LeadId { get; set; } = new();

    [Input(Description = "Or a status change (a webhook event or a catch-up change) whose leadId to read.", Order = 1)]
    public Input<object> StatusChange { get; set; } = new();

    [Output(Description = "The lead: id, name, price, statusId, pipelineId, responsibleUserId, dates, tags, and contacts as {id, isMain}.")]
    public Output<object> Lead { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var id = context.Get(LeadId) is > 0 and var given ? given : AmoCrmStatusChange.From(context.Get(StatusChange))?.LeadId ?? 0;
        if (id <= 0)
        {
            throw new ActivityException("Get amoCRM lead needs a positive lead id or a status change.", isTransient: false);
        }

        var result = await Api(context).GetAmoCrmLeadAsync(id, context.CancellationToken);
        if (result.Value is not { } lead)
        {
            context.Complete(LeadNotFound);
            return;
        }

        context.Set(Lead, Value(lead));
        context.Complete();
    }
}
