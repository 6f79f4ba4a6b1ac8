using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;

namespace Prometei.Api.Sync;

/// <summary>
/// The poll: orders created since the watermark (minus an overlap, because an order can be approved well after it was
/// created, contract kaspi §9), in every allowed state, minus those the ledger already holds as synced.
/// </summary>
public sealed class NewOrdersService(
    IKaspiClient kaspi,
    ProcessedOrderStore orders,
    Heartbeats heartbeats,
    DailyStats stats,
    IOptions<KaspiOptions> options,
    TimeProvider time,
    ILogger<NewOrdersService> logger)
{
    /// <summary>
    /// The orders created since <c>since</c> (less the overlap) up to <c>until</c> (default now) that are not synced, at most
    /// <c>limit</c> of them with entries: first those the ledger has never seen, oldest first, then those tried before
    /// (failed), so an order that keeps failing never holds back the ones behind it; orders a live sync holds are left out.
    /// A window or state Kaspi did not answer is counted in <see cref="NewOrdersResponse.Unread"/>: the orders of the other
    /// reads are still returned, and the watermark stays where it was.
    /// </summary>
    public async Task<NewOrdersResponse> GetNewAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken, int limit = int.MaxValue)
    {
        var o = options.Value;
        var to = until ?? time.GetUtcNow();
        var from = since - o.PollOverlap;
        var read = await kaspi.ReadOrdersAsync(from, to, o.EffectiveStates, cancellationToken);
        var found = read.Orders;
        var ledger = await orders.GetAsync(found.Select(f => f.Code).ToList(), cancellationToken);
        var fresh = found.Where(f => !(ledger.TryGetValue(f.Code, out var p) && p.State == "synced")).ToList();
        // Orders a live sync holds with its write sent (maybe a killed process's, until its lease runs out) are not taken: they
        // would only come back "in progress". They still hold the watermark back (OldestLeft) but are not counted as left for
        // another call. Reservations whose write never went out are taken: the sync claims them under its lock.
        var takeable = fresh.Where(f => !(ledger.TryGetValue(f.Code, out var p) && p.Held)).ToList();
        var taken = takeable.Count <= limit
            ? takeable
            : [.. takeable.OrderBy(f => ledger.ContainsKey(f.Code)).ThenBy(f => f.CreationDate).ThenBy(f => f.Code, StringComparer.Ordinal).Take(limit)];
        long? oldestLeft = fresh.Count == taken.Count ? null : fresh.Except(taken).Min(f => f.CreationDate);
        var left = takeable.Count - taken.Count;
        // An order whose entries did not come keeps none here; the sync reads them again before it writes the lead.
        var (withEntries, _) = await KaspiEntriesReader.FillAsync(kaspi, taken, o.EntriesConcurrency, logger, cancellationToken);
        // A read that failed may hide orders anywhere in the window: then the watermark does not move past where it was.
        var watermark = read.Complete
            ? Math.Max(since.ToUnixTimeMilliseconds(), found.Count == 0 ? 0 : found.Max(f => f.CreationDate))
            : since.ToUnixTimeMilliseconds();
        await heartbeats.BeatAsync(Heartbeats.KaspiPoll, new { found = found.Count, fresh = fresh.Count }, cancellationToken);
        await stats.IncrementAsync(DailyStats.KaspiPolls, 1, cancellationToken);
        await stats.IncrementAsync(DailyStats.KaspiOrdersSeen, taken.Count, cancellationToken);
        SyncLog.Polled(logger, found.Count, from, to, fresh.Count);
        return new NewOrdersResponse(withEntries, found.Count, found.Count - fresh.Count, from, to, watermark, left, oldestLeft, fresh.Count - takeable.Count, read.Unread);
    }
}
