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
    public async Task<NewOrdersResponse> GetNewAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var to = until ?? time.GetUtcNow();
        var from = since - o.PollOverlap;
        var found = await kaspi.GetOrdersAsync(from, to, o.EffectiveStates, cancellationToken);
        var ledger = await orders.GetAsync(found.Select(f => f.Code).ToList(), cancellationToken);
        var fresh = found.Where(f => !(ledger.TryGetValue(f.Code, out var p) && p.State == "synced")).ToList();
        var withEntries = await KaspiEntriesReader.FillAsync(kaspi, fresh, o.EntriesConcurrency, cancellationToken);
        var watermark = Math.Max(since.ToUnixTimeMilliseconds(), found.Count == 0 ? 0 : found.Max(f => f.CreationDate));
        await heartbeats.BeatAsync(Heartbeats.KaspiPoll, new { found = found.Count, fresh = fresh.Count }, cancellationToken);
        await stats.IncrementAsync(DailyStats.KaspiPolls, 1, cancellationToken);
        await stats.IncrementAsync(DailyStats.KaspiOrdersSeen, fresh.Count, cancellationToken);
        SyncLog.Polled(logger, found.Count, from, to, fresh.Count);
        return new NewOrdersResponse(withEntries, found.Count, found.Count - fresh.Count, from, to, watermark);
    }
}
