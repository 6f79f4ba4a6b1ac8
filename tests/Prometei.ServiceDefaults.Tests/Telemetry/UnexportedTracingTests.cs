using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace Prometei.ServiceDefaults.Tests.Telemetry;

/// <summary>Without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> spans are not recorded, but the W3C trace context still flows.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class UnexportedTracingTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task Traces_NoOtlpEndpoint_RecordNothingButPropagateTheTraceContext()
    {
        var processor = new CollectingProcessor();
        var builder = TestWebApplication.CreateBuilder();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(processor));
        var app = builder.Build();
        app.MapGet("/echo", (HttpRequest request) => request.Headers.TraceParent.ToString());
        app.MapGet("/call", async (IHttpClientFactory clients) =>
        {
            var current = Activity.Current;
            using var client = clients.CreateClient("outgoing");
            var echoed = await client.GetStringAsync(new Uri(new Uri(app.Urls.Single()), "/echo"));
            return new Seen(current?.TraceId.ToString(), current?.Recorded ?? false, current?.IsAllDataRequested ?? false, echoed);
        });

        Seen? seen;
        using (var started = await TestWebApplication.StartAsync(app))
        // The test's own request carries the header as a caller elsewhere would: without this process's propagation, which
        // would replace it with a trace of its own.
        using (var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = started.BaseAddress })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/call", UriKind.Relative));
            request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            seen = await response.Content.ReadFromJsonAsync<Seen>();
        }

        await app.StopAsync();
        await app.DisposeAsync();

        Assert.NotNull(seen);
        // The request's span continues the caller's trace, and the outgoing call carries it on ...
        Assert.Equal(TraceId, seen.TraceId);
        Assert.StartsWith($"00-{TraceId}-", seen.Echoed, StringComparison.Ordinal);
        // ... but nothing is recorded: no tags were collected and no processor (exporter) saw a span.
        Assert.False(seen.Recorded);
        Assert.False(seen.AllData);
        Assert.Empty(processor.Ended);
    }

    private sealed record Seen(string? TraceId, bool Recorded, bool AllData, string Echoed);
}
