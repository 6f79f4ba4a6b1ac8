using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Moves the amoCRM → ERP catch-up's watermark forward (never back) in the gateway's ledger, once every change read is done.</summary>
[Activity("Prometei", "amoCRM", "Move the amoCRM status catch-up's watermark forward.", DisplayName = "Advance amoCRM status watermark", HasOutsideEffect = true)]
public sealed class AdvanceAmoCrmStatusWatermark : GatewayActivity
{
    [Input(Description = "The new watermark (Unix seconds), as Get amoCRM status changes gave it.")]
    public Input<long> Watermark { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.Get(Watermark) is > 0 and var watermark)
        {
            await Api(context).AdvanceAmoCrmStatusWatermarkAsync(watermark, context.CancellationToken);
        }

        context.Complete();
    }
}
