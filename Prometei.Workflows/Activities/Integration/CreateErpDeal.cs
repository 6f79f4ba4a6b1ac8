using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Creates an ERP deal from a <c>crm/create-deal</c> event, idempotent on the event id when the event has one.</summary>
[Activity("Prometei", "ERP", "Create an ERP deal.", DisplayName = "Create ERP deal", HasOutsideEffect = true, Outcomes = ["Done", Refused])]
public sealed class CreateErpDeal : GatewayActivity
{
    [Input(Description = "The deal's name.", Order = 0)]
    public Input<string> DealName { get; set; } = new();

    [Input(Description = "The deal's amount.", Order = 1)]
    public Input<decimal> Amount { get; set; } = new();

    [Input(Description = "The event id; when given, the deal is created once per event id, however often the event is sent.", Order = 2)]
    public Input<string> EventId { get; set; } = new();

    [Output(Description = "The ERP deal: erpId, dryRun.")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.Get(DealName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new Engine.Execution.ActivityException($"Activity '{Node.DisplayName}': the deal has no name.", isTransient: false);
        }

        var eventId = context.Get(EventId);
        var key = string.IsNullOrWhiteSpace(eventId) ? context.IdempotencyKey : $"crm/create-deal:{eventId}";
        var result = await Api(context).CreateErpDealAsync(new ErpDeal(name, context.Get(Amount), eventId), key, context.CancellationToken);
        if (result.Value is not { } created)
        {
            context.Complete(Refused);
            return;
        }

        context.Set(Result, Value(created));
        context.Complete();
    }
}
