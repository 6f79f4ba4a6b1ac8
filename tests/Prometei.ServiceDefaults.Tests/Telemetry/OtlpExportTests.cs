using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Prometei.ServiceDefaults.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Export_OtlpEndpointOverHttpConfigured_SendsEachSignalToItsPath()
    {
        var received = new ConcurrentDictionary<string, string>();
        await using var collector = await StartCollectorAsync(received);

        var app = TestWebApplication.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otlp-test",
        }).Build();
        app.MapGet("/ping", () => "pong");
        using (var client = await TestWebApplication.StartAsync(app))
        {
            (await client.GetAsync(new Uri("/ping", UriKind.Relative))).Dispose();
            app.Logger.LogWarning("Something to export");
        }

        // Stopping disposes the tracer and meter providers, disposing the host the logger provider: each flushes.
        await app.StopAsync();
        await app.DisposeAsync();

        Assert.Equal(["/v1/logs", "/v1/metrics", "/v1/traces"], received.Keys.Order(StringComparer.Ordinal));
        // Protobuf keeps strings as UTF-8 bytes, so the resource's service.name shows in the raw body.
        Assert.Contains("otlp-test", received["/v1/traces"], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OtlpProtocolUnknown_ThrowsNamingTheSetting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "carrier-pigeon";

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddServiceDefaults());

        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", exception.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentDictionary<string, string> received)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new StreamReader(request.Body, Encoding.Latin1);
            received[request.Path.Value!] = await body.ReadToEndAsync();
            return Results.Ok();
        });
        await collector.StartAsync();
        return collector;
    }
}
