using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Prometei.EndToEndTests.Support;

/// <summary>
/// One address in front of several workflow nodes, as the AppHost's and production's load balancer: requests go round-robin,
/// and a request whose connection a node refuses (it is stopping or down) goes to the next node, as nginx's
/// <c>proxy_next_upstream error</c> does. Nothing else is retried: an answer, any answer, is passed back.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Lock _sync = new();
    private readonly List<Uri> _backends;
    private int _next;

    private RoundRobinProxy(WebApplication app, IEnumerable<Uri> backends)
    {
        _app = app;
        _backends = [.. backends];
    }

    public Uri BaseAddress { get; private set; } = default!;

    public static async Task<RoundRobinProxy> StartAsync(IEnumerable<Uri> backends)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new RoundRobinProxy(app, backends);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return proxy;
    }

    /// <summary>Replaces a backend (a node restarted on another port).</summary>
    public void Replace(Uri old, Uri replacement)
    {
        lock (_sync)
        {
            _backends[_backends.IndexOf(old)] = replacement;
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        List<Uri> order;
        lock (_sync)
        {
            var start = _next++ % _backends.Count;
            order = [.. _backends.Skip(start), .. _backends.Take(start)];
        }

        foreach (var backend in order.Concat(order))
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(backend, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString))
            {
                Content = new ByteArrayContent(body.ToArray()),
            };
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }

            try
            {
                using var response = await _http.SendAsync(request);
                context.Response.StatusCode = (int)response.StatusCode;
                if (response.Content.Headers.ContentType is { } contentType)
                {
                    context.Response.ContentType = contentType.ToString();
                }

                await response.Content.CopyToAsync(context.Response.Body);
                return;
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
            {
                // Refused: the node never saw it. Try the next one.
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.Unknown && !context.Response.HasStarted)
            {
                // A pooled keep-alive connection closed by a stopping node as the request went out: the node did not answer.
                // The webhook is idempotent by its business key, so it goes to the next node, as nginx does with
                // `proxy_next_upstream error non_idempotent` for this location.
            }
        }

        context.Response.StatusCode = (int)HttpStatusCode.BadGateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
