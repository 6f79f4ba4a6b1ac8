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

    /// <summary>
    /// At most this many pages (100 events each) per read of a window. A window with more is narrowed to its older part and
    /// read again, so the watermark never passes an unread event; the newer part is the next call's.
    /// </summary>
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
        while (true)
        {
            changes.Clear();
            var complete = false;
            for (var page = 1; page <= MaxPages; page++)
            {
                var result = await amo.ListStatusChangesAsync(since, until, stages, page, cancellationToken);
                changes.AddRange(result.Changes);
                if (!result.HasNext)
                {
                    complete = true;
                    break;
                }
            }

            if (complete)
            {
                break;
            }

            // More than MaxPages pages in the window. amoCRM lists newest first, so the pages read hold the window's newest
            // events. If they reach back to the watermark (what earlier calls finished; before it lies only the overlap, a
            // re-read), nothing new is unread. Otherwise the older events are unread and the watermark must not pass them:
            // the window ends at the oldest event read (halved when that does not narrow it) and is read again; what lies
            // after the new end is the next call's.
            var floor = stored?.Value ?? since;
            var oldest = changes.Min(c => c.CreatedAt);
            if (oldest <= floor)
            {
                // The pages reach back past the watermark: every event after it was read; only part of the overlap was not.
                break;
            }

            var narrower = oldest < until ? oldest : floor + ((until - floor) / 2);
            if (narrower <= floor)
            {
                // More than MaxPages pages within one second: act on what was read; the rest of that second is not reachable.
                SyncLog.StatusChangesOverflow(logger, since, until, changes.Count);
                break;
            }

            until = narrower;
        }

        var matching = changes
            .Where(c => c.CreatedAt <= until)
            .Where(c => (pipelines.Count == 0 || c.PipelineId is { } p && pipelines.Contains(p)) && (statuses.Count == 0 || c.StatusId is { } s && statuses.Contains(s)))
            .DistinctBy(c => c.EventId)
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.EventId, StringComparer.Ordinal)
            .ToList();
        SyncLog.StatusChangesRead(logger, since, until, changes.Count, matching.Count);
        return new StatusChangesResponse(since, until, matching);
    }
}
