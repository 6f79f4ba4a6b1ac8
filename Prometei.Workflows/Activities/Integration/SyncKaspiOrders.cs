using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Syncs Kaspi orders to amoCRM through the gateway in batches: the customer's contact found or created, a lead with the sum
/// and the line items in the configured pipeline and status, each order once. Each batch carries its own idempotency key
/// derived from this execution's, so a rerun repeats no batch. The next watermark stops before the first order not done.
/// </summary>
[Activity("Prometei", "Kaspi", "Sync Kaspi orders to amoCRM (contacts and leads).", DisplayName = "Sync Kaspi orders to amoCRM", HasOutsideEffect = true)]
public sealed class SyncKaspiOrders : GatewayActivity
{
    private static readonly HashSet<string> s_done = new(StringComparer.Ordinal) { "created", "already_processed", "dry_run" };

    [Input(Description = "The orders, as Get new Kaspi orders returned them.", Order = 0)]
    public Input<object> Orders { get; set; } = new();

    [Input(Description = "The watermark to reach when every order is done (epoch ms).", Order = 1)]
    public Input<long> Watermark { get; set; } = new();

    [Input(Description = "Orders per gateway call.", DefaultValue = 50, Order = 2)]
    public Input<int> BatchSize { get; set; } = new();

    [Output(Description = "Counts: created, alreadyProcessed, failed, inProgress.")]
    public Output<object> Result { get; set; } = new();

    [Output(Description = "Where the next poll may start: the watermark, or just before the first order not done.")]
    public Output<long> NextWatermark { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var orders = (ValueConverter.ToJson(context.Get(Orders)) as JsonArray ?? []).OfType<JsonObject>().ToList();
        var batchSize = Math.Clamp(context.Get(BatchSize) is > 0 and var b ? b : 50, 1, 50);
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        var batch = 0;
        foreach (var chunk in orders.Chunk(batchSize))
        {
            var codes = new JsonArray([.. chunk.Select(o => o["code"]?.DeepClone())]);
            var answer = await Gateway(context).PostAsync("api/kaspi/orders/sync", new JsonObject { ["codes"] = codes }, $"{context.IdempotencyKey}:{batch++}",
                context.CancellationToken);
            foreach (var result in answer?["orders"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if (result["code"]?.GetValue<string>() is { } code)
                {
                    outcomes[code] = result["outcome"]?.GetValue<string>() ?? "failed";
                }
            }
        }

        long CreationDate(JsonObject o) => o["creationDate"] is JsonValue v && v.TryGetValue<long>(out var d) ? d : 0;
        var notDone = orders.Where(o => !s_done.Contains(outcomes.GetValueOrDefault(o["code"]?.GetValue<string>() ?? "", "failed"))).ToList();
        var watermark = context.Get(Watermark);
        context.Set(NextWatermark, notDone.Count == 0 ? watermark : Math.Min(watermark, notDone.Min(CreationDate) - 1));
        context.Set(Result, ValueConverter.FromJson(new JsonObject
        {
            ["orders"] = orders.Count,
            ["created"] = outcomes.Values.Count(v => v == "created"),
            ["alreadyProcessed"] = outcomes.Values.Count(v => v == "already_processed"),
            ["notDone"] = notDone.Count,
        }));
        if (notDone.Count > 0 && notDone.Count == orders.Count)
        {
            throw new ActivityException($"None of the {orders.Count} orders could be synced this time.", isTransient: true);
        }

        context.Complete();
    }
}
