using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;

namespace Prometei.Api.Sync;

/// <summary>
/// One Kaspi poll, the whole round trip in the gateway: the orders created since the watermark (minus the overlap) that the
/// ledger does not hold as synced, at most <see cref="KaspiOptions.PollBatch"/> of them (new ones first, oldest first), read
/// with their entries; synced to amoCRM (each order once, by the ledger); and the watermark moved forward to where the next
/// poll starts: past every order read when all are done, else to just before the oldest one not done or left for the next
/// batch, so it is read again. <see cref="KaspiPollResponse.Left"/> says a backlog remains, so the caller polls again at once.
/// A call is thus bounded by the batch, not by the backlog: under vendor faults and restarts it still ends inside the caller's
/// timeout, and each batch done moves the watermark. The endpoint runs it under the caller's idempotency key (the timer slot,
/// and the batch number after the first), so a replayed call answers what the first run did.
/// </summary>
public sealed class KaspiPollService(NewOrdersService newOrders, KaspiOrderSync sync, WatermarkStore watermarks, IOptions<KaspiOptions> options, TimeProvider time)
{
    /// <summary>The watermark's name in the ledger (epoch ms).</summary>
    public const string Watermark = "kaspi.orders.created";

    public async Task<KaspiPollResponse> PollAsync(DateTimeOffset? until, int firstPollDays, CancellationToken cancellationToken)
    {
        var to = until ?? time.GetUtcNow();
        var stored = (await watermarks.GetAsync(Watermark, cancellationToken))?.Value;
        var since = stored is { } mark ? DateTimeOffset.FromUnixTimeMilliseconds(mark) : to.AddDays(-firstPollDays);
        var read = await newOrders.GetNewAsync(since, to, cancellationToken, options.Value.PollBatch);
        var synced = read.Orders.Count == 0 ? null : await sync.SyncAsync(read.Orders, cancellationToken);
        var outcomes = (synced?.Orders ?? []).ToDictionary(o => o.Code, o => o.Outcome, StringComparer.Ordinal);
        var next = NextWatermark(read.Watermark, read.Orders.Select(o => (o.CreationDate, outcomes.GetValueOrDefault(o.Code, SyncOrderResult.Failed))), read.OldestLeft);
        if (next > 0)
        {
            await watermarks.SetAsync(Watermark, next, cancellationToken);
        }

        return new KaspiPollResponse(
            read.From, read.To, read.Found, read.AlreadyProcessed, read.Orders.Count,
            synced?.Created ?? 0, synced?.ContactsCreated ?? 0, synced?.AlreadyProcessed ?? 0, (synced?.InProgress ?? 0) + read.Held, synced?.Failed ?? 0,
            stored, next, synced?.DryRun ?? false, read.Left, read.Unread);
    }

    /// <summary>
    /// Where the next poll starts: <paramref name="watermark"/> (past every order read) when every order is done and none was
    /// left for the next batch, else just before the oldest order not done (failed or held by another call) or left
    /// (<paramref name="oldestLeft"/>), so the next poll reads it again.
    /// </summary>
    public static long NextWatermark(long watermark, IEnumerable<(long CreationDate, string Outcome)> orders, long? oldestLeft = null)
    {
        var notDone = orders.Where(o => o.Outcome is not (SyncOrderResult.Created or SyncOrderResult.AlreadyProcessed or SyncOrderResult.DryRun))
            .Select(o => o.CreationDate)
            .Concat(oldestLeft is { } left ? [left] : [])
            .ToList();
        return notDone.Count == 0 ? watermark : Math.Min(watermark, notDone.Min() - 1);
    }
}
