using Prometei.Api.Endpoints;
using Prometei.Api.Ledger;
using Prometei.Api.Sync;

namespace Prometei.Api.Cli;

/// <summary>
/// One Kaspi poll from the command line, as the old integrator's <c>poll</c> (and <c>dry-run:poll</c>) did and as the
/// <c>kaspi-orders-to-amocrm</c> workflow does: the new orders since the watermark (or <c>--since</c>, or 3 days back on
/// the first poll), synced to amoCRM in batches, then the watermark moved on (not in a dry run).
/// </summary>
public sealed class KaspiPollVerb(NewOrdersService newOrders, KaspiOrderSync sync, WatermarkStore watermarks, GatewayClock clock)
{
    public const int FirstPollDays = 3;

    public async Task<KaspiPollResult> RunAsync(DateTimeOffset? since, bool dryRun, CancellationToken cancellationToken)
    {
        var from = since
            ?? ((await watermarks.GetAsync(KaspiApi.PollWatermark, cancellationToken))?.Value is { } stored ? DateTimeOffset.FromUnixTimeMilliseconds(stored) : (DateTimeOffset?)null)
            ?? clock.UtcNow.AddDays(-FirstPollDays);
        var found = await newOrders.GetNewAsync(from, null, cancellationToken);
        var results = new List<SyncOrderResult>();
        int created = 0, already = 0, inProgress = 0, failed = 0;
        foreach (var batch in found.Orders.Chunk(KaspiOrderSync.BatchSize))
        {
            var answer = await sync.SyncAsync(batch, cancellationToken);
            created += answer.Created;
            already += answer.AlreadyProcessed;
            inProgress += answer.InProgress;
            failed += answer.Failed;
            results.AddRange(answer.Orders);
        }

        if (!dryRun && failed == 0 && inProgress == 0)
        {
            await watermarks.SetAsync(KaspiApi.PollWatermark, found.Watermark, cancellationToken);
        }

        return new KaspiPollResult(dryRun, found.From, found.To, found.Found, found.AlreadyProcessed + already, created, inProgress, failed,
            dryRun ? null : found.Watermark, [.. results.Select(r => new KaspiPollOrder(r.Code, r.Outcome, r.LeadId, r.Error))]);
    }
}
