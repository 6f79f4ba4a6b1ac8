using System.Collections.Concurrent;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Sync;

/// <summary>Reads the line items of orders that lack them, a few requests at a time.</summary>
public static class KaspiEntriesReader
{
    public static async Task<IReadOnlyList<KaspiOrder>> FillAsync(IKaspiClient kaspi, IReadOnlyList<KaspiOrder> orders, int concurrency, CancellationToken cancellationToken)
    {
        var entries = new ConcurrentDictionary<string, IReadOnlyList<KaspiEntry>>(StringComparer.Ordinal);
        var missing = orders.Where(o => o.Entries is null && !string.IsNullOrEmpty(o.Id)).ToList();
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (order, ct) => entries[order.Code] = await kaspi.GetEntriesAsync(order.Id!, ct));
        return orders.Select(o => entries.TryGetValue(o.Code, out var e) ? o with { Entries = e } : o).ToList();
    }
}
