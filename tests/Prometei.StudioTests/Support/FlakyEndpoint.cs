using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Prometei.StudioTests.Support;

/// <summary>A real HTTP endpoint that answers 503 to its first <see cref="FailuresLeft"/> requests and 200 afterwards.</summary>
public sealed class FlakyEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private FlakyEndpoint(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public Uri Url { get; private set; } = default!;

    public ConcurrentQueue<string> IdempotencyKeys { get; } = new();

    public int FailuresLeft => Volatile.Read(ref _failuresLeft);

    public static async Task<FlakyEndpoint> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new FlakyEndpoint(app, failures);
        app.MapPost("/flaky", (HttpContext context) =>
        {
            endpoint.IdempotencyKeys.Enqueue(context.Request.Headers["Idempotency-Key"].ToString());
            return Interlocked.Decrement(ref endpoint._failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok(new { ok = true });
        });
        await app.StartAsync();
        endpoint.Url = new Uri(app.Urls.First().TrimEnd('/') + "/flaky");
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
