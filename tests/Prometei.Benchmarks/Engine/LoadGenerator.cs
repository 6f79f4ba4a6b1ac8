using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Prometei.Benchmarks.Engine;

/// <summary>What one load level measured. Latencies in milliseconds.</summary>
internal sealed record LoadResult(
    double TargetRate,
    double Seconds,
    int Sent,
    int Succeeded,
    int Errors,
    double AchievedRate,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyList<string> InstanceIds);

/// <summary>
/// Posts to an HTTP trigger. Open loop: requests go out on a fixed timetable whatever the answers do, and each latency is
/// measured from the request's scheduled time, so a server that falls behind is charged for the wait (no coordinated
/// omission). Closed loop: N clients, each sending its next request when the last one is answered.
/// </summary>
internal sealed class LoadGenerator(HttpClient http, Uri url)
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    public async Task<LoadResult> OpenLoopAsync(double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var tasks = new Task<Outcome>[count];
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var next = 0;
        while (next < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            while (next < count && start + (long)(next * interval) <= now)
            {
                tasks[next] = SendAsync(start + (long)(next * interval), cancellationToken);
                next++;
            }

            if (next < count)
            {
                await Task.Delay(1, cancellationToken);
            }
        }

        var outcomes = await Task.WhenAll(tasks);
        return Summarize(rate, outcomes, start);
    }

    public async Task<LoadResult> ClosedLoopAsync(int clients, TimeSpan duration, int maxRequests, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var issued = 0;
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<Outcome>();
            while (Stopwatch.GetTimestamp() < end && Interlocked.Increment(ref issued) <= maxRequests)
            {
                mine.Add(await SendAsync(Stopwatch.GetTimestamp(), cancellationToken));
            }

            return mine;
        }).ToList();
        var outcomes = (await Task.WhenAll(workers)).SelectMany(o => o).ToArray();
        return Summarize(0, outcomes, start);
    }

    private async Task<Outcome> SendAsync(long scheduled, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_requestTimeout);
            using var content = new StringContent("{\"order\":42}", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var done = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new Outcome(scheduled, done, false, null);
            }

            using var json = JsonDocument.Parse(body);
            return new Outcome(scheduled, done, true, json.RootElement.GetProperty("workflowInstanceId").GetString());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(scheduled, Stopwatch.GetTimestamp(), false, null);
        }
    }

    private static LoadResult Summarize(double rate, Outcome[] outcomes, long start)
    {
        var ok = outcomes.Where(o => o.Ok).ToArray();
        var latencies = ok.Select(o => (o.Done - o.Scheduled) * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        var last = outcomes.Length == 0 ? start : outcomes.Max(o => o.Done);
        var seconds = Math.Max(1e-9, (last - start) / (double)Stopwatch.Frequency);
        return new LoadResult(
            rate, seconds, outcomes.Length, ok.Length, outcomes.Length - ok.Length, ok.Length / seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : latencies[^1],
            [.. ok.Select(o => o.InstanceId!)]);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private readonly record struct Outcome(long Scheduled, long Done, bool Ok, string? InstanceId);
}
