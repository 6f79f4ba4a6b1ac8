using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Integrations.Kaspi;

/// <summary>
/// The typed Kaspi client (contract kaspi §3, §6): <c>page[size]</c> up to 100 with pages from 0, one request per state
/// (whether several states may share a request is unconfirmed), creation windows of at most 14 days in epoch ms.
/// </summary>
public sealed class KaspiClient(HttpClient http, IOptions<KaspiOptions> options, TimeProvider time, ILogger<KaspiClient> logger) : IKaspiClient
{
    public async Task<KaspiOrderPage> ListOrdersAsync(KaspiWindow window, string state, int page, CancellationToken cancellationToken)
    {
        var size = options.Value.PageSize;
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"orders?page[number]={page}&page[size]={size}&filter[orders][state]={Uri.EscapeDataString(state)}&filter[orders][creationDate][$ge]={window.From}&filter[orders][creationDate][$le]={window.To}&include[orders]=user");
        return KaspiReader.OrderPage(await GetAsync(query, cancellationToken));
    }

    public async Task<IReadOnlyList<KaspiOrder>> GetOrdersAsync(
        DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> states, CancellationToken cancellationToken)
    {
        var orders = new Dictionary<string, KaspiOrder>(StringComparer.Ordinal);
        foreach (var (window, state) in Reads(from, to, states))
        {
            await ReadWindowAsync(window, state, orders, clampedOnce: false, cancellationToken);
        }

        return Sorted(orders);
    }

    public async Task<KaspiOrderRead> ReadOrdersAsync(
        DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> states, CancellationToken cancellationToken)
    {
        var orders = new Dictionary<string, KaspiOrder>(StringComparer.Ordinal);
        var reads = Reads(from, to, states);
        var unread = 0;
        Exception? first = null;
        foreach (var (window, state) in reads)
        {
            try
            {
                await ReadWindowAsync(window, state, orders, clampedOnce: false, cancellationToken);
            }
            catch (Exception ex) when (TransientFailure.Is(ex, cancellationToken))
            {
                unread++;
                first ??= ex;
                KaspiLog.ReadFailed(logger, window.From, window.To, state, TransientFailure.Reason(ex));
            }
        }

        if (unread == reads.Count && first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        return new KaspiOrderRead(Sorted(orders), unread);
    }

    /// <summary>The reads a range takes: windows longer than the maximum are split, and each state is asked for separately.</summary>
    private List<(KaspiWindow Window, string State)> Reads(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> states)
    {
        // The end rounds up to the next millisecond: an order created within the current millisecond is in, not lost.
        var last = to.AddTicks(TimeSpan.TicksPerMillisecond - 1).ToUnixTimeMilliseconds();
        return [.. KaspiWindows.Split(from.ToUnixTimeMilliseconds(), last, options.Value.MaxWindow).SelectMany(w => states.Select(s => (w, s)))];
    }

    private static List<KaspiOrder> Sorted(Dictionary<string, KaspiOrder> orders) =>
        [.. orders.Values.OrderBy(order => order.CreationDate).ThenBy(order => order.Code, StringComparer.Ordinal)];

    /// <summary>Every page of one window and state. Kaspi may read "14 days" as a look-back limit (unconfirmed): then a
    /// window reaching further back is refused, and is read again from the limit (or skipped when wholly older).</summary>
    private async Task ReadWindowAsync(KaspiWindow window, string state, Dictionary<string, KaspiOrder> orders, bool clampedOnce, CancellationToken cancellationToken)
    {
        var o = options.Value;
        for (var page = 0; ; page++)
        {
            KaspiOrderPage result;
            try
            {
                result = await ListOrdersAsync(window, state, page, cancellationToken);
            }
            catch (KaspiApiException ex) when (ex.StatusCode == 400 && page == 0 && !clampedOnce
                && window.From < (time.GetUtcNow() - o.MaxWindow).ToUnixTimeMilliseconds())
            {
                var limit = (time.GetUtcNow() - o.MaxWindow + TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds();
                KaspiLog.WindowRefused(logger, window.From, window.To, state);
                if (window.To > limit)
                {
                    await ReadWindowAsync(new KaspiWindow(limit, window.To), state, orders, clampedOnce: true, cancellationToken);
                }

                return;
            }

            foreach (var order in result.Orders)
            {
                orders[order.Code] = order;
            }

            if (LastPage(result, page, o.PageSize))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Whether no page follows: the last of <c>meta.pageCount</c>, or a short one. Without <c>meta</c> (an answer the guide does not
    /// promise it has), a full page or a <c>links.next</c> means another page, so no order is lost to a missing count.
    /// </summary>
    internal static bool LastPage(KaspiOrderPage result, int page, int pageSize) =>
        result.Orders.Count == 0
        || (result.PageCount is int count ? page + 1 >= count || result.Orders.Count < pageSize : !result.HasNext && result.Orders.Count < pageSize);

    /// <summary>The most pages of one order's lines read (Kaspi's paging of <c>/entries</c> is unconfirmed; an order has few lines).</summary>
    public const int MaxEntryPages = 50;

    /// <summary>
    /// Every line of an order. The guide asks without paging and gets all lines; should Kaspi page them (<c>links.next</c> or
    /// <c>meta.pageCount</c>), the next pages are read too: an order's lines cut at the first page would make a lead whose items
    /// note lacks some of them.
    /// </summary>
    public async Task<IReadOnlyList<KaspiEntry>> GetEntriesAsync(string orderId, CancellationToken cancellationToken)
    {
        var first = $"orders/{Uri.EscapeDataString(orderId)}/entries";
        var relative = first;
        var entries = new List<KaspiEntry>();
        var size = 0;
        for (var page = 0; page < MaxEntryPages; page++)
        {
            var document = await GetAsync(relative, cancellationToken);
            var read = KaspiReader.Entries(document);
            entries.AddRange(read);
            size = page == 0 ? read.Count : size;
            var next = KaspiReader.NextLink(document, http.BaseAddress);
            var more = next is not null || (KaspiReader.PageCount(document) is int count && page + 1 < count);
            if (read.Count == 0 || !more)
            {
                return entries;
            }

            relative = next ?? string.Create(CultureInfo.InvariantCulture, $"{first}?page[number]={page + 1}&page[size]={size}");
        }

        throw new KaspiApiException(502, $"Kaspi answered more than {MaxEntryPages} pages of an order's lines");
    }

    public async Task<KaspiOrder?> GetOrderByCodeAsync(string code, CancellationToken cancellationToken)
    {
        var document = await GetAsync($"orders?page[number]=0&page[size]=1&filter[orders][code]={Uri.EscapeDataString(code)}&include[orders]=user", cancellationToken);
        return KaspiReader.OrderPage(document).Orders.FirstOrDefault();
    }

    private async Task<JsonNode> GetAsync(string relative, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new KaspiApiException((int)response.StatusCode, $"Kaspi answered {(int)response.StatusCode} to GET {request.RequestUri?.AbsolutePath}");
        }

        try
        {
            return JsonNode.Parse(text) ?? throw new KaspiApiException(502, "Kaspi answered an empty document");
        }
        catch (JsonException)
        {
            throw new KaspiApiException(502, "Kaspi answered something other than JSON");
        }
    }
}
