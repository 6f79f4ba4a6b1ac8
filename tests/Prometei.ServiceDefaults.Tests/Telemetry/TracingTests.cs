using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Prometei.ServiceDefaults.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class TracingTests
{
    private const string CustomSourceName = "Prometei.ServiceDefaults.Tests.Custom";

    [Fact]
    public async Task Traces_HealthAndAliveRequests_AreLeftOut()
    {
        var processor = new CollectingProcessor();
        var app = Build(processor);
        app.MapGet("/ping", () => "pong");
        using (var client = await TestWebApplication.StartAsync(app))
        {
            (await client.GetAsync(new Uri("/health", UriKind.Relative))).Dispose();
            (await client.GetAsync(new Uri("/alive", UriKind.Relative))).Dispose();
            (await client.GetAsync(new Uri("/ping", UriKind.Relative))).Dispose();
        }

        // Stopping waits for the requests to finish and disposes the providers, so every span has ended.
        await app.StopAsync();
        await app.DisposeAsync();

        var server = Assert.Single(processor.Ended, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal("GET /ping", server.DisplayName);
        Assert.Equal("/ping", server.GetTagItem("url.path"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Traces_SourceAddedAfterServiceDefaults_IsTraced()
    {
        var processor = new CollectingProcessor();
        using var source = new ActivitySource(CustomSourceName);
        var app = Build(processor, builder => builder.AddPrometeiTelemetrySource(CustomSourceName));
        using (await TestWebApplication.StartAsync(app))
        {
            using var activity = source.StartActivity("custom work");
            Assert.NotNull(activity);
        }

        await app.StopAsync();
        await app.DisposeAsync();

        Assert.Contains(processor.Ended, a => a.Source.Name == CustomSourceName && a.DisplayName == "custom work");
    }

    [Fact]
    public async Task Dispose_StoppedHost_ShutsDownTracerProvider()
    {
        var processor = new CollectingProcessor();
        var app = Build(processor);
        using (await TestWebApplication.StartAsync(app))
        {
            Assert.False(processor.IsShutDown);
        }

        await app.StopAsync();
        await app.DisposeAsync();

        // Shutting the provider down flushes what is left to the exporters.
        Assert.True(processor.IsShutDown);
    }

    private static WebApplication Build(CollectingProcessor processor, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = TestWebApplication.CreateBuilder();
        // Without an OTLP endpoint the defaults record nothing (UnexportedTracingTests); a processor of one's own needs a
        // sampler that records, as an exporter would have.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(processor).SetSampler(new AlwaysOnSampler()));
        configure?.Invoke(builder);
        return builder.Build();
    }
}
