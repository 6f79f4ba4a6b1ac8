using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Moves the Kaspi poll's watermark forward (never back) in the gateway's ledger.</summary>
[Activity("Prometei", "Kaspi", "Move the Kaspi poll's watermark forward.", DisplayName = "Advance Kaspi watermark", HasOutsideEffect = true)]
public sealed class AdvanceKaspiWatermark : GatewayActivity
{
    [Input(Description = "The new watermark (epoch ms).")]
    public Input<long> Watermark { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.Get(Watermark) is > 0 and var watermark)
        {
            await Gateway(context).PostAsync("api/kaspi/watermark", new JsonObject { ["watermark"] = watermark }, null, context.CancellationToken);
        }

        context.Complete();
    }
}
