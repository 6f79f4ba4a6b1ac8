using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Prometei.Fakes.Tests;

/// <summary>A tiny HTTP endpoint that collects form-encoded webhooks.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Dictionary<string, string>> _received;

    private WebhookReceiver(WebApplication app, Channel<Dictionary<string, string>> received)
    {
        _app = app;
        _received = received;
    }

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var received = Channel.CreateUnbounded<Dictionary<string, string>>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            await received.Writer.WriteAsync(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        return new WebhookReceiver(app, received);
    }

    public async Task<Dictionary<string, string>> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
