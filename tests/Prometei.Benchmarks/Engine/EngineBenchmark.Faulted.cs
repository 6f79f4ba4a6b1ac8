using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;

namespace Prometei.Benchmarks.Engine;

internal sealed partial class EngineBenchmark
{
    public const string FaultedId = "bench-faulted";
    public const string FaultedPath = "bench/faulted";
    private const int FaultedRequests = 200;

    /// <summary>An HTTP-triggered flow that faults before its WriteHttpResponse (issue 13: the caller gets a 500 problem at once).</summary>
    public static JsonObject FaultedDefinition() => Flow.Create(FaultedId, "Benchmark: faults before its answer")
        .HttpEndpoint("start", FaultedPath, "GET")
        .Activity("boom", "Elsa.Fault", new() { ["message"] = Flow.Literal("benchmark fault") })
        .Activity("answer", "Elsa.WriteHttpResponse", new() { ["statusCode"] = Flow.Literal("OK") })
        .Chain("start", "boom", "answer")
        .Build();

    /// <summary>
    /// How long a caller waits for the 500 of an instance that faults before its answer (the server's response timeout is
    /// 30 s, so only an answer on the fault itself is fast): <see cref="FaultedRequests"/> sequential GETs after 20 unmeasured.
    /// </summary>
    private async Task FaultedHttpAsync()
    {
        var url = new Uri(_server.BaseAddress, "workflows/" + FaultedPath);
        Report.Progress($"faulted: {FaultedRequests} sequential GETs of a flow that faults before its answer");
        for (var i = 0; i < 20; i++)
        {
            using var warm = await _http.GetAsync(url, _cancellationToken);
        }

        var samples = new List<double>(FaultedRequests);
        var wrong = 0;
        for (var i = 0; i < FaultedRequests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await _http.GetAsync(url, _cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.InternalServerError || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong++;
            }
        }

        samples.Sort();
        _report.Add("faulted_http_answer_p50_ms", samples[samples.Count / 2]);
        _report.Add("faulted_http_answer_p99_ms", samples[(int)Math.Ceiling(samples.Count * 0.99) - 1]);
        _report.Add("faulted_http_answer_max_ms", samples[^1]);
        _report.Add("faulted_http_not_500_problem", wrong);
    }
}
