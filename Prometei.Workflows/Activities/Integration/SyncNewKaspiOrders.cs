using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// One Kaspi poll, in one gateway call keyed by the timer's slot: the gateway reads the orders created since its watermark
/// (with an overlap, because orders can be approved late), syncs the new ones to amoCRM (each order once, at most
/// <c>Kaspi:PollBatch</c> a call) and moves the watermark forward. While a backlog remains the activity calls again at once, up
/// to <see cref="IntegrationOptions.KaspiPollBatchesPerSlot"/> calls keyed <c>{slot key}:2</c>, <c>:3</c>…, so each call ends
/// well inside the gateway timeout however large the backlog, and the rest waits for the next slot. Only counts come out, so
/// the journal shows what each run did and no customer data enters the workflow; a replay of the slot (a crash, a retry) is
/// answered from the gateway's ledger, call by call, and does nothing twice.
/// </summary>
[Activity("Prometei", "Kaspi", "Sync the Kaspi orders made since the last poll to amoCRM (contacts and leads), once per timer slot.",
    DisplayName = "Sync new Kaspi orders", HasOutsideEffect = true, Outcomes = ["Done", "None"])]
public sealed class SyncNewKaspiOrders : GatewayActivity
{
    [Output(Description = "What the poll did: found, alreadyProcessed, new, created, contactsCreated, alreadySynced, inProgress, failed, watermark, nextWatermark, dryRun, left (new orders left for the next slot), batches (gateway calls).")]
    public Output<object> Result { get; set; } = new();

    [Output(Description = "How many leads this poll created.")]
    public Output<int> Created { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var slot = Slot(context.WorkflowInput.GetValueOrDefault("slot"));
        var key = slot is { } at ? "kaspi-poll:" + at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : context.IdempotencyKey;
        var options = Options(context);
        var request = new KaspiPollRequest(slot, options.KaspiFirstPollDays);
        var api = Api(context);
        var poll = await api.PollKaspiOrdersAsync(request, key, context.CancellationToken);
        for (var batch = 2; poll.Left > 0 && batch <= options.KaspiPollBatchesPerSlot; batch++)
        {
            poll = poll.Then(await api.PollKaspiOrdersAsync(request, BatchKey(key, batch), context.CancellationToken));
        }

        context.Set(Result, Value(poll));
        context.Set(Created, poll.Created);
        context.Complete(poll.New > 0 ? "Done" : "None");
    }

    /// <summary>The idempotency key of a slot's <paramref name="batch"/>-th gateway call (the first keeps the slot's key).</summary>
    public static string BatchKey(string slotKey, int batch) =>
        batch == 1 ? slotKey : slotKey + ":" + batch.ToString(CultureInfo.InvariantCulture);

    /// <summary>The timer slot that started the instance (its input <c>slot</c>), or null when it was started otherwise.</summary>
    public static DateTimeOffset? Slot(JsonNode? slot) =>
        slot is JsonValue s && s.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
}
