using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Prometei.Benchmarks.Studio;

/// <summary>
/// Bytes over the wire for one page, from Chromium's DevTools protocol: <c>Network.loadingFinished.encodedDataLength</c> is
/// what the network stack received for the request, as encoded (gzip or br bodies as sent, with the response headers and the
/// chunked framing). Playwright's <c>IRequest.SizesAsync()</c> derives its sizes from the same event (the body size is that
/// length minus the headers), so it cannot be more accurate, and it needs one more round trip per request; the suite checks
/// the two against each other on the first load (<see cref="PlaywrightSumAsync"/>, printed as a progress line; they agree within
/// about 1 %, Playwright's slightly higher because it also sees requests that finish while the check runs). Requests served
/// from the memory or disk cache report 0 (or only the 304's headers), so a warm load counts only what crossed the network.
/// </summary>
internal sealed class NetworkMeter
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ICDPSession _session;
    private volatile bool _counting;
    private string? _acceptEncoding;

    private NetworkMeter(ICDPSession session) => _session = session;

    /// <summary>The request's <c>Accept-Encoding</c> as Chromium sent it (the first counted request's).</summary>
    public string? AcceptEncoding => _acceptEncoding;

    public static async Task<NetworkMeter> AttachAsync(IBrowserContext context, IPage page)
    {
        var session = await context.NewCDPSessionAsync(page);
        var meter = new NetworkMeter(session);
        session.Event("Network.requestWillBeSent").OnEvent += (_, e) => meter.OnRequest(e);
        session.Event("Network.requestWillBeSentExtraInfo").OnEvent += (_, e) => meter.OnRequestExtra(e);
        session.Event("Network.responseReceived").OnEvent += (_, e) => meter.OnResponse(e);
        session.Event("Network.loadingFinished").OnEvent += (_, e) => meter.OnFinished(e, failed: false);
        session.Event("Network.loadingFailed").OnEvent += (_, e) => meter.OnFinished(e, failed: true);
        await session.SendAsync("Network.enable");
        return meter;
    }

    /// <summary>Empties the HTTP cache (cookies stay), so that the next load is cold even after the sign-in page.</summary>
    public Task ClearBrowserCacheAsync() => _session.SendAsync("Network.clearBrowserCache");

    /// <summary>Forgets what was counted and counts from now on.</summary>
    public void Start()
    {
        _entries.Clear();
        _acceptEncoding = null;
        _counting = true;
    }

    /// <summary>
    /// Stops counting and returns what finished until now. A command on the same session first: DevTools sends a session's
    /// messages in order, so every event emitted before the editor was found ready has been delivered when it answers.
    /// </summary>
    public async Task<IReadOnlyList<Entry>> StopAsync()
    {
        await _session.SendAsync("Runtime.evaluate", new() { ["expression"] = "0" });
        _counting = false;
        return [.. _entries.Values.Where(e => e.Done && e.Url.StartsWith("http", StringComparison.OrdinalIgnoreCase))]; // not data: URLs
    }

    private void OnRequest(JsonElement? e)
    {
        if (!_counting || e is not { } args)
        {
            return;
        }

        var id = args.GetProperty("requestId").GetString()!;
        var url = args.GetProperty("request").GetProperty("url").GetString()!;
        _entries.AddOrUpdate(id, _ => new Entry { Url = url }, (_, old) => old with { Url = url });
    }

    private void OnRequestExtra(JsonElement? e)
    {
        if (_counting && _acceptEncoding is null && e is { } args && Header(args.GetProperty("headers"), "accept-encoding") is { } value)
        {
            _acceptEncoding = value;
        }
    }

    private void OnResponse(JsonElement? e)
    {
        if (!_counting || e is not { } args)
        {
            return;
        }

        var id = args.GetProperty("requestId").GetString()!;
        var response = args.GetProperty("response");
        var encoding = Header(response.GetProperty("headers"), "content-encoding") ?? "none";
        var status = response.GetProperty("status").GetInt32();
        _entries.AddOrUpdate(id, _ => new Entry { Url = response.GetProperty("url").GetString()!, Encoding = encoding, Status = status },
            (_, old) => old with { Encoding = encoding, Status = status });
    }

    private void OnFinished(JsonElement? e, bool failed)
    {
        if (!_counting || e is not { } args)
        {
            return;
        }

        var id = args.GetProperty("requestId").GetString()!;
        var length = !failed && args.TryGetProperty("encodedDataLength", out var l) ? (long)l.GetDouble() : 0;
        _entries.AddOrUpdate(id, _ => new Entry { Url = "?", EncodedBytes = length, Done = true, Failed = failed },
            (_, old) => old with { EncodedBytes = length, Done = true, Failed = failed });
    }

    private static string? Header(JsonElement headers, string name)
    {
        foreach (var header in headers.EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.GetString();
            }
        }

        return null;
    }

    /// <summary>Playwright's view of the same load (response body + headers sizes of the requests it saw), for the cross-check.</summary>
    public static async Task<long> PlaywrightSumAsync(IEnumerable<IRequest> requests)
    {
        long sum = 0;
        foreach (var request in requests)
        {
            var sizes = await request.SizesAsync();
            sum += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        return sum;
    }

    /// <summary>One request: its URL, Content-Encoding, status and bytes received (0 when it failed or came from a cache).</summary>
    internal sealed record Entry
    {
        public required string Url { get; init; }

        public string Encoding { get; init; } = "none";

        public int Status { get; init; }

        public long EncodedBytes { get; init; }

        public bool Done { get; init; }

        public bool Failed { get; init; }
    }
}
