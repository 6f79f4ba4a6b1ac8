using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Prometei.EndToEndTests.Support;

/// <summary>
/// A real HTTP endpoint that performs "effects" the way an idempotent receiver does: the first request with an
/// <c>Idempotency-Key</c> does the effect, repeats are recorded as deliveries only.
/// </summary>
public sealed class Recorder : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>Requests to a path that wait, before answering, until their gate is opened (see <see cref="HoldNext"/>).</summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();

    private Recorder(WebApplication app) => _app = app;

    /// <summary>Every delivery: (key, path, time).</summary>
    public ConcurrentQueue<(string Key, string Path, DateTimeOffset At)> Deliveries { get; } = new();

    /// <summary>Effects done, by idempotency key.</summary>
    public ConcurrentDictionary<string, int> Effects { get; } = new();

    /// <summary>How long each request takes.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How many requests to a path fail with 503 before it succeeds.</summary>
    public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>While set, every request waits, before answering, until this gate is opened.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>The next request to <paramref name="path"/> waits until the returned gate is opened; later ones do not wait.</summary>
    public TaskCompletionSource HoldNext(string path)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds[path] = gate;
        return gate;
    }

    public static async Task<Recorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var recorder = new Recorder(app);
        app.Map("/{**path}", async (HttpContext context, string? path) =>
        {
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            recorder.Deliveries.Enqueue((key, path ?? "", DateTimeOffset.UtcNow));
            if (recorder._holds.TryRemove(path ?? "", out var gate))
            {
                await gate.Task;
            }

            if (recorder.Gate is { } all)
            {
                await all.Task;
            }

            if (recorder.Delay > TimeSpan.Zero)
            {
                await Task.Delay(recorder.Delay);
            }

            if (recorder.FailuresLeft.TryGetValue(path ?? "", out var left) && left > 0)
            {
                recorder.FailuresLeft[path ?? ""] = left - 1;
                return Results.StatusCode(503);
            }

            if (key.Length > 0)
            {
                recorder.Effects.AddOrUpdate(key, 1, (_, n) => n);
            }

            return Results.Ok(new { ok = true, key });
        });
        await app.StartAsync();
        recorder.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return recorder;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
