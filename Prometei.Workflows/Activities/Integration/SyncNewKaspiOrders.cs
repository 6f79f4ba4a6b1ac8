using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// One Kaspi poll, in one gateway call keyed by the timer's slot: the gateway reads the orders created since its watermark
/// (with an overlap, because orders can be approved late), syncs the new ones to amoCRM (each order once) and moves the
/// watermark forward. Only counts come out, so the journal shows what each run did and no customer data enters the workflow;
/// a replay of the slot (a crash, a retry) is answered from the gateway's ledger and does nothing twice.
/// </summary>
[Activity("Prometei", "Kaspi", "Sync the Kaspi orders made since the last poll to amoCRM (contacts and leads), once per timer slot.",
    DisplayName = "Sync new Kaspi orders", HasOutsideEffect = true, Outcomes = ["Done", "None"])]
public sealed class SyncNewKaspiOrders : GatewayActivity
{
    public const string LookbackSetting = "Integration:KaspiFirstPollDays";

    [Output(Description = "What the poll did: found, alreadyProcessed, new, created, contactsCreated, alreadySynced, inProgress, failed, watermark, nextWatermark, dryRun.")]
    public Output<object> Result { get; set; } = new();

    [Output(Description = "How many leads this poll created.")]
    public Output<int> Created { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var slot = context.WorkflowInput.GetValueOrDefault("slot") is JsonValue s && DateTimeOffset.TryParse(s.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : (DateTimeOffset?)null;
        var days = int.TryParse(Configuration(context)[LookbackSetting], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 3;
        var body = new JsonObject { ["firstPollDays"] = days };
        if (slot is { } until)
        {
            body["until"] = until.ToUnixTimeMilliseconds();
        }

        var key = slot is { } keyed ? "kaspi-poll:" + keyed.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : context.IdempotencyKey;
        var answer = await Gateway(context).PostAsync("api/kaspi/orders/poll", body, key, context.CancellationToken);
        var result = new JsonObject();
        foreach (var name in new[] { "found", "alreadyProcessed", "new", "created", "contactsCreated", "alreadySynced", "inProgress", "failed", "watermark", "nextWatermark", "dryRun" })
        {
            result[name] = answer?[name]?.DeepClone();
        }

        context.Set(Result, ValueConverter.FromJson(result));
        var created = answer?["created"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 0;
        context.Set(Created, created);
        context.Complete(answer?["new"] is JsonValue fresh && fresh.TryGetValue<int>(out var count) && count > 0 ? "Done" : "None");
    }
}
