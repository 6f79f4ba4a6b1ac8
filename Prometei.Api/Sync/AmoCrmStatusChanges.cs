using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.AmoCrm.Models;
using Prometei.Api.Ledger;

namespace Prometei.Api.Sync;

/// <summary>
/// The catch-up's read of amoCRM's event list (contract §17): status changes into the asked stages since the watermark
/// (less an overlap, since an event may be listed a little after its time), or over a look-back before the first run. Every
/// page goes through the shared rate limit like any amoCRM call. The caller acts on each change with an idempotency key
/// derived from (account, lead, status, time), as the webhook path does, and then moves the watermark to <c>until</c>.
/// </summary>
public sealed class AmoCrmStatusChanges(IAmoCrmClient amo, WatermarkStore watermarks, GatewayClock clock, ILogger<AmoCrmStatusChanges> logger)
{
    public const string Watermark = "amocrm.status-changes";

    /// <summary>At most this many pages (100 events each) per call; the rest is read by the next call, from the last event read.</summary>
    public const int MaxPages = 20;

    private static readonly TimeSpan s_overlap = TimeSpan.FromMinutes(2);

    // Events newer than this may not be listed yet: the window stops short of now.
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(5);

    public async Task<StatusChangesResponse> ReadAsync(
        IReadOnlyList<long> pipelines, IReadOnlyList<long> statuses, TimeSpan lookBack, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var stored = await watermarks.GetAsync(Watermark, cancellationToken);
        var since = stored is { } w ? w.Value - (long)s_overlap.TotalSeconds : (now - lookBack).ToUnixTimeSeconds();
        var until = (now - s_settle).ToUnixTimeSeconds();
        var stages = pipelines.SelectMany(p => statuses.Select(s => (p, s))).ToList();
        var changes = new List<AmoStatusChange>();
        var complete = true;
        for (var page = 1; ; page++)
        {
            var result = await amo.ListStatusChangesAsync(since, until, stages, page, cancellationToken);
            changes.AddRange(result.Changes);
            if (!result.HasNext)
            {
                break;
            }

            if (page == MaxPages)
            {
                complete = false;
                break;
            }
        }

        var matching = changes
            .Where(c => (pipelines.Count == 0 || c.PipelineId is { } p && pipelines.Contains(p)) && (statuses.Count == 0 || c.StatusId is { } s && statuses.Contains(s)))
            .DistinctBy(c => c.EventId)
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.EventId, StringComparer.Ordinal)
            .ToList();
        if (!complete)
        {
            // Newest first: the pages read hold the latest events, so the next call must start again from the oldest one read.
            until = changes.Min(c => c.CreatedAt);
            matching = matching.Where(c => c.CreatedAt <= until).ToList();
        }

        SyncLog.StatusChangesRead(logger, since, until, changes.Count, matching.Count);
        return new StatusChangesResponse(since, until, matching);
    }
}
