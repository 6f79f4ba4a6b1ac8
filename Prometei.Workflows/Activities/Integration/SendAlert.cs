using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>Sends an alert (Telegram, e-mail) through the gateway, which sends one per condition per period.</summary>
[Activity("Prometei", "Alerts", "Send an alert to the operators.", DisplayName = "Send alert", HasOutsideEffect = true)]
public sealed class SendAlert : GatewayActivity
{
    [Input(Description = "The message.", UIHint = InputUIHints.MultiLine, Order = 0)]
    public Input<string> Message { get; set; } = new();

    [Input(Description = "The condition it is about (alerts of one condition are sent once per period).", Order = 1)]
    public Input<string> Condition { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await Api(context).SendAlertAsync(context.Get(Message) ?? "", context.Get(Condition), context.IdempotencyKey, context.CancellationToken);
        context.Complete();
    }
}
