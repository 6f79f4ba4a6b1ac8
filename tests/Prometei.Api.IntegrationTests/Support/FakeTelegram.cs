using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Prometei.Api.IntegrationTests.Support;

/// <summary>A local stand-in for the Telegram Bot API: records each <c>POST /bot{token}/sendMessage</c>.</summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TelegramCall> _calls = new();

    private FakeTelegram(WebApplication app) => _app = app;

    public Uri BaseUrl => new(_app.Urls.First().TrimEnd('/') + "/");

    public IReadOnlyList<TelegramCall> Calls => _calls.ToList();

    public static async Task<FakeTelegram> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var telegram = new FakeTelegram(app);
        app.MapPost("/{**path}", async (string path, HttpRequest request) =>
        {
            if (!path.StartsWith("bot", StringComparison.Ordinal) || !path.EndsWith("/sendMessage", StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            var token = path["bot".Length..^"/sendMessage".Length];
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            telegram._calls.Enqueue(new TelegramCall(token, body["chat_id"]?.ToString(), body["text"]?.ToString() ?? ""));
            return Results.Json(new JsonObject { ["ok"] = true, ["result"] = new JsonObject { ["message_id"] = telegram._calls.Count } });
        });
        await app.StartAsync();
        return telegram;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
