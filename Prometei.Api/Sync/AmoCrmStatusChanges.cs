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

    /// <summary>The most pages read for one second of bulk changes (50,000 events), beyond which the rest is logged, not read.</summary>
    public const int MaxPagesInOneSecond = 500;

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
            // the window ends at the oldest second read and is read again; what lies after the new end is the next call's.
            var floor = stored?.Value ?? since;
            var oldest = changes.Min(c => c.CreatedAt);
            if (oldest <= floor)
            {
                // The pages reach back past the watermark: every event after it was read; only part of the overlap was not.
                break;
            }

            if (oldest < until)
            {
                until = oldest;
                continue;
            }

            // Every event read lies in the window's last second (a bulk change: more than MaxPages pages in one second),
            // which time cannot split. While older seconds are unread, the window ends before that second (it is the next
            // call's); once it is the only unread second, it is read to its end.
            if (until - 1 > floor)
            {
                until -= 1;
                continue;
            }

            if (!await ReadRestOfSecondAsync(since, until, stages, changes, cancellationToken))
            {
                SyncLog.StatusChangesOverflow(logger, since, until, changes.Count);
            }

            break;
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

    /// <summary>Pages on through the window's last second after the first <see cref="MaxPages"/>; false when it did not end.</summary>
    private async Task<bool> ReadRestOfSecondAsync(
        long since, long until, IReadOnlyList<(long, long)> stages, List<AmoStatusChange> changes, CancellationToken cancellationToken)
    {
        for (var page = MaxPages + 1; page <= MaxPagesInOneSecond; page++)
        {
            var result = await amo.ListStatusChangesAsync(since, until, stages, page, cancellationToken);
            changes.AddRange(result.Changes);
            if (!result.HasNext || result.Changes.Any(c => c.CreatedAt < until))
            {
                return true;
            }
        }

        return false;
    }
}
