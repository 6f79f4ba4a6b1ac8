using System.Collections.Concurrent;
using System.Text;

namespace Prometei.ServiceDefaults.Tests;

/// <summary>
/// Stands in for the network: answers each call with <c>respond(request, callNumber, token)</c> (call numbers start at
/// 1) and records what it was sent.
/// </summary>
public sealed class StubHttpHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> respond)
    : HttpMessageHandler
{
    private int _calls;

    public StubHttpHandler(Func<int, HttpResponseMessage> respond)
        : this((_, call, _) => Task.FromResult(respond(call)))
    {
    }

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<Uri?> RequestUris { get; } = new();

    public ConcurrentQueue<string?> RequestBodies { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        RequestUris.Enqueue(request.RequestUri);
        RequestBodies.Enqueue(request.Content is null ? null : await ReadLikeTheNetworkAsync(request.Content, cancellationToken));
        var response = await respond(request, call, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    // ReadAsStringAsync would buffer the content and hide a body that can't be sent twice; sockets copy it instead.
    private static async Task<string> ReadLikeTheNetworkAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await content.CopyToAsync(body, cancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
