using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Creates an ERP task from an amoCRM lead, through the gateway and its task template. The idempotency key should come from the
/// business event (account, lead, status, event time), so amoCRM's redeliveries of one webhook never make a second task.
/// </summary>
[Activity("Prometei", "ERP", "Create an ERP task from an amoCRM lead.", DisplayName = "Create ERP task", HasOutsideEffect = true)]
public sealed class CreateErpTask : GatewayActivity
{
    [Input(Description = "The lead as Get amoCRM lead returned it; or leave empty and give the lead id.", Order = 0)]
    public Input<object> Lead { get; set; } = new();

    [Input(Description = "The amoCRM lead id, when no lead is given.", Order = 1)]
    public Input<long> LeadId { get; set; } = new();

    [Input(Description = "The idempotency key; empty: this execution's own key.", Order = 2)]
    public Input<string> IdempotencyKey { get; set; } = new();

    [Output(Description = "The gateway's answer (the ERP task).")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var lead = context.Get(Lead);
        JsonObject body = lead is not null
            ? Object(("lead", ValueConverter.ToJson(lead)))
            : Object(("leadId", context.Get(LeadId)));
        var result = await Gateway(context).PostAsync("api/erp/tasks", body, KeyFor(context, context.Get(IdempotencyKey)), context.CancellationToken);
        context.Set(Result, ValueConverter.FromJson(result));
        context.Complete();
    }
}
