using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Prometei.ServiceDefaults.Telemetry;

/// <summary>
/// The service's own activity sources and meters, on top of the built-in ones that ServiceDefaults always listens to.
/// Configure it through <c>builder.AddPrometeiTelemetrySource(name)</c> or <c>Services.Configure&lt;PrometeiTelemetryOptions&gt;</c>.
/// </summary>
public sealed class PrometeiTelemetryOptions
{
    /// <summary>Activity source names to trace, in addition to ASP.NET Core, HttpClient and Npgsql.</summary>
    public IList<string> ActivitySources { get; } = [];

    /// <summary>Meter names to collect, in addition to ASP.NET Core, Kestrel, HttpClient and the runtime.</summary>
    public IList<string> Meters { get; } = [];

    /// <summary>Extra tracer configuration (a processor or exporter), applied after the defaults.</summary>
    public Action<TracerProviderBuilder>? ConfigureTracing { get; set; }

    /// <summary>Extra meter configuration (a reader or view), applied after the defaults.</summary>
    public Action<MeterProviderBuilder>? ConfigureMetrics { get; set; }
}
