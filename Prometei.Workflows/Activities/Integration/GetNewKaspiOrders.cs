using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// The Kaspi orders created since the stored watermark (the gateway reads back an overlap, because orders can be approved
/// late), in the allowed states and not processed yet. Only codes, dates, sums and states come out: no customer data enters
/// the workflow's state or journal.
/// </summary>
[Activity("Prometei", "Kaspi", "Get the new Kaspi orders since the watermark.", DisplayName = "Get new Kaspi orders",
    HasOutsideEffect = true, Outcomes = ["Done", "None"])]
public sealed class GetNewKaspiOrders : GatewayActivity
{
    public const string LookbackSetting = "Integration:KaspiFirstPollDays";

    [Input(Description = "Start from here (epoch ms); empty: the stored watermark, or Integration:KaspiFirstPollDays (default 3) days back on the first poll.")]
    public Input<long?> Since { get; set; } = new();

    [Output(Description = "The new orders: code, creationDate, totalPrice, state.")]
    public Output<object> Orders { get; set; } = new();

    [Output(Description = "Where the next poll starts once these orders are done (epoch ms).")]
    public Output<long> Watermark { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var gateway = Gateway(context);
        var since = context.Get(Since);
        if (since is null)
        {
            var stored = await gateway.GetAsync("api/kaspi/watermark", context.CancellationToken);
            since = stored?["watermark"] is JsonValue v && v.TryGetValue<long>(out var w) ? w : null;
        }

        if (since is null)
        {
            var days = int.TryParse(Configuration(context)[LookbackSetting], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 3;
            since = context.Time.GetUtcNow().AddDays(-days).ToUnixTimeMilliseconds();
        }

        var answer = await gateway.PostAsync("api/kaspi/orders/new", new JsonObject { ["since"] = since }, null, context.CancellationToken);
        var orders = new JsonArray();
        foreach (var order in answer?["orders"]?.AsArray() ?? [])
        {
            orders.Add(new JsonObject
            {
                ["code"] = order?["code"]?.DeepClone(),
                ["creationDate"] = order?["creationDate"]?.DeepClone(),
                ["totalPrice"] = order?["totalPrice"]?.DeepClone(),
                ["state"] = order?["state"]?.DeepClone(),
            });
        }

        context.Set(Orders, ValueConverter.FromJson(orders));
        context.Set(Watermark, answer?["watermark"] is JsonValue m && m.TryGetValue<long>(out var mark) ? mark : since.Value);
        context.Complete(orders.Count == 0 ? "None" : "Done");
    }
}
