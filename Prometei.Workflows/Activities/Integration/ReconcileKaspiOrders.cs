using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Compares the last days of Kaspi orders with the ledger through the gateway: missed orders are created, cancellations and
/// returns reflected on their leads, counts written to the daily stats. The window ends at the timer's slot, so a rerun sends
/// the same request and is answered from the gateway's idempotency ledger.
/// </summary>
[Activity("Prometei", "Kaspi", "Reconcile the last days of Kaspi orders with amoCRM.", DisplayName = "Reconcile Kaspi orders", HasOutsideEffect = true)]
public sealed class ReconcileKaspiOrders : GatewayActivity
{
    public const string DaysSetting = "Integration:ReconcileDays";

    [Input(Description = "How many days back to compare; empty: Integration:ReconcileDays, default 7.")]
    public Input<int> Days { get; set; } = new();

    [Output(Description = "The gateway's counts.")]
    public Output<object> Result { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var days = context.Get(Days) is > 0 and var d ? d
            : int.TryParse(Configuration(context)[DaysSetting], NumberStyles.None, CultureInfo.InvariantCulture, out var configured) ? configured : 7;
        var end = context.WorkflowInput.GetValueOrDefault("slot") is JsonValue slot && DateTimeOffset.TryParse(slot.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : context.Time.GetUtcNow();
        var body = new JsonObject { ["from"] = end.AddDays(-days).ToUnixTimeMilliseconds(), ["to"] = end.ToUnixTimeMilliseconds() };
        var result = await Gateway(context).PostAsync("api/kaspi/reconcile", body, context.IdempotencyKey, context.CancellationToken);
        context.Set(Result, ValueConverter.FromJson(result));
        context.Complete();
    }
}
