using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Prometei.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the tracer and meter providers: builds them when the host starts (before Kestrel, which starts last) and
/// disposes them, flushing the exporters, when it stops.
/// </summary>
internal sealed class TelemetryProvidersHostedService(
    IOptions<PrometeiTelemetryOptions> options,
    OpenTelemetrySettings settings) : IHostedService, IDisposable
{
    private static readonly string[] s_activitySources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql"];

    private static readonly string[] s_meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
        "Npgsql",
    ];

    private TracerProvider? _tracerProvider;
    private MeterProvider? _meterProvider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var telemetry = options.Value;

        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(settings.CreateResourceBuilder())
            .AddSource([.. s_activitySources.Concat(telemetry.ActivitySources).Distinct(StringComparer.Ordinal)]);
        if (settings.OtlpEndpoint is not null)
        {
            tracing.AddOtlpExporter(otlp => settings.ConfigureOtlpExporter(otlp, OpenTelemetrySettings.TracesPath));
        }

        telemetry.ConfigureTracing?.Invoke(tracing);

        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(settings.CreateResourceBuilder())
            .AddMeter([.. s_meters.Concat(telemetry.Meters).Distinct(StringComparer.Ordinal)]);
        if (settings.OtlpEndpoint is not null)
        {
            metrics.AddOtlpExporter(otlp => settings.ConfigureOtlpExporter(otlp, OpenTelemetrySettings.MetricsPath));
        }

        telemetry.ConfigureMetrics?.Invoke(metrics);

        _tracerProvider = tracing.Build();
        _meterProvider = metrics.Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracerProvider?.Dispose();
        _tracerProvider = null;
        _meterProvider?.Dispose();
        _meterProvider = null;
    }
}
