using System.Collections.Concurrent;
using Prometei.Api.Integrations;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Sync;

/// <summary>Reads the line items of orders that lack them, a few requests at a time.</summary>
public static class KaspiEntriesReader
{
    /// <summary>
    /// The orders with their entries. An order whose entries Kaspi did not give for a passing reason keeps
    /// <c>Entries = null</c> and is named in <c>Failed</c> (code → reason), so one failed read holds back that order only.
    /// </summary>
    public static async Task<(IReadOnlyList<KaspiOrder> Orders, IReadOnlyDictionary<string, string> Failed)> FillAsync(
        IKaspiClient kaspi, IReadOnlyList<KaspiOrder> orders, int concurrency, ILogger logger, CancellationToken cancellationToken)
    {
        var entries = new ConcurrentDictionary<string, IReadOnlyList<KaspiEntry>>(StringComparer.Ordinal);
        var failed = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var missing = orders.Where(o => o.Entries is null && !string.IsNullOrEmpty(o.Id)).ToList();
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (order, ct) =>
            {
                try
                {
                    entries[order.Code] = await kaspi.GetEntriesAsync(order.Id!, ct);
                }
                catch (Exception ex) when (TransientFailure.Is(ex, cancellationToken))
                {
                    failed[order.Code] = TransientFailure.Reason(ex);
                }
            });
        if (!failed.IsEmpty)
        {
            KaspiLog.EntriesFailed(logger, failed.Count, failed.Values.First());
        }

        return (orders.Select(o => entries.TryGetValue(o.Code, out var e) ? o with { Entries = e } : o).ToList(), failed);
    }
}
