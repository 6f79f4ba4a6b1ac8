using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Integrations.Kaspi;

public interface IKaspiClient
{
    /// <summary>One page (from 0) of orders created in the window, in one state.</summary>
    Task<KaspiOrderPage> ListOrdersAsync(KaspiWindow window, string state, int page, CancellationToken cancellationToken);

    /// <summary>
    /// Every order created in [<paramref name="from"/>, <paramref name="to"/>] in the given states: windows longer than
    /// the maximum are split, each state is asked for separately, and every page is read. Entries are not read.
    /// </summary>
    Task<IReadOnlyList<KaspiOrder>> GetOrdersAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> states, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="GetOrdersAsync"/>, but a (window, state) read that fails for a passing reason (<see cref="TransientFailure"/>)
    /// keeps the pages read before it and is counted in <see cref="KaspiOrderRead.Unread"/>; only when every read fails does it
    /// throw. So one failed page out of many does not throw away the orders of the others.
    /// </summary>
    Task<KaspiOrderRead> ReadOrdersAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> states, CancellationToken cancellationToken);

    Task<IReadOnlyList<KaspiEntry>> GetEntriesAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>The order with this public code (<c>filter[orders][code]</c>), or null.</summary>
    Task<KaspiOrder?> GetOrderByCodeAsync(string code, CancellationToken cancellationToken);
}
