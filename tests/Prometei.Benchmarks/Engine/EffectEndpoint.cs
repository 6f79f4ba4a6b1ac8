using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Prometei.Benchmarks.Engine;

/// <summary>The outside world of the benchmark: Kestrel on 127.0.0.1, answering 200 at once to every POST and counting them.</summary>
internal sealed class EffectEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;

    private EffectEndpoint(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>POSTs answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<EffectEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new EffectEndpoint(app);
        app.MapPost("/{**path}", () =>
        {
            Interlocked.Increment(ref endpoint._requests);
            return Results.Text("{\"ok\":true}", "application/json");
        });
        await app.StartAsync();
        endpoint.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
