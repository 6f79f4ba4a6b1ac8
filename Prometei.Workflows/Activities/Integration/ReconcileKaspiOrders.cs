using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Compares the last days of Kaspi orders with the ledger through the gateway: missed orders are created, cancellations and
/// returns reflected on their leads, counts written to the daily stats. The window ends at the timer's slot, so a rerun sends
/// the same request and is answered from the gateway's idempotency ledger.
/// </summary>
[Activity("Prometei", "Kaspi", "Reconcile the last days of Kaspi orders with amoCRM.", DisplayName = "Reconcile Kaspi orders", HasOutsideEffect = true)]
public sealed class ReconcileKaspiOrders : GatewayActivity
{
    [Input(Description = "How many days back to compare; empty: Integration:ReconcileDays, default 7.")]
    public Input<int> Days { get; set; } = new();

    [Output(Description = "The counts: checked, missed, created, reflected, dryRun.")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var days = context.Get(Days) is > 0 and var d ? d : Options(context).ReconcileDays;
        var end = SyncNewKaspiOrders.Slot(context.WorkflowInput.GetValueOrDefault("slot")) ?? context.Time.GetUtcNow();
        var result = await Api(context).ReconcileKaspiOrdersAsync(end.AddDays(-days), end, context.IdempotencyKey, context.CancellationToken);
        context.Set(Result, Value(result));
        context.Complete();
    }
}
