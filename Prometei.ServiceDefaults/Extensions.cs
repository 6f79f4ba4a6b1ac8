using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// Aspire's service defaults (the servicedefaults template's shape): OpenTelemetry, health checks, service discovery, on the
// standard libraries. Referenced by every service project; services call AddServiceDefaults() first and
// MapDefaultEndpoints() after Build().
public static class Extensions
{
    internal const string HealthEndpointPath = "/health";
    internal const string AlivenessEndpointPath = "/alive";
    internal const string LiveTag = "live";

    /// <summary>
    /// Adds the Prometei service defaults: JSON console logs, OpenTelemetry (traces, metrics, logs; exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as the AppHost does), the default health checks, and service discovery for
    /// every <see cref="System.Net.Http.HttpClient"/> made by the factory (<c>http://api</c> resolves through
    /// <c>services__api__http__0</c>).
    /// </summary>
    /// <remarks>
    /// Resilience is opt-in per client: call <c>AddPrometeiResilience()</c> on the <see cref="IHttpClientBuilder"/>. A
    /// blanket handler would retry calls whose callers already retry (the workflow engine's durable retries).
    /// </remarks>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddJsonConsoleLogging();

        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());

        return builder;
    }

    /// <summary>
    /// Configures OpenTelemetry tracing, metrics and logging. Traces listen to ASP.NET Core (requests to <c>/health</c> and
    /// <c>/alive</c> left out), HttpClient and the sources added with <see cref="AddPrometeiTelemetrySource{TBuilder}"/>;
    /// metrics to ASP.NET Core, HttpClient and the runtime.
    /// </summary>
    /// <remarks>
    /// Spans are recorded only when they are exported (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set); otherwise they only carry
    /// the W3C trace context (see <see cref="IsRecording"/>). Metrics are collected either way.
    /// </remarks>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ValidateOtlpProtocol(builder);
        var exporting = IsExporting(builder.Configuration);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthRequest(context))
                    .AddHttpClientInstrumentation();
                if (!exporting)
                {
                    // Spans nobody exports are not recorded: no tags, no SQL text, no processors. They are still created with
                    // their W3C ids (the sampler's Drop is "propagation only"), so incoming traceparent headers carry on into
                    // outgoing calls and into what the services store (the workflow engine's work items).
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            });

        if (exporting)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Adds an <see cref="System.Diagnostics.ActivitySource"/> and a <see cref="System.Diagnostics.Metrics.Meter"/> name
    /// that the OpenTelemetry providers listen to (for example <c>"Prometei.Workflows"</c>).
    /// </summary>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <param name="name">The activity source and meter name.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder AddPrometeiTelemetrySource<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(name));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(name));
        return builder;
    }

    /// <summary>
    /// Adds the default health checks: a "self" check tagged "live", which answers as long as the process does.
    /// Services add their own readiness checks (a database, for example).
    /// </summary>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check must pass: the service is ready) and <c>/alive</c> (only checks tagged "live").
    /// Both answer with the status only, as text ("Healthy", "Degraded" or "Unhealthy"), and 503 when unhealthy.
    /// </summary>
    /// <remarks>
    /// Unlike Aspire's template these are mapped in every environment, because the AppHost and load balancers wait on them.
    /// The bodies carry no check names, descriptions or exceptions, so nothing internal is disclosed.
    /// </remarks>
    /// <param name="app">The web application.</param>
    /// <returns>The same application, for chaining.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });

        return app;
    }

    /// <summary>
    /// Whether the current span is recorded, i.e. its details go to an exporter. Instrumentation that builds something costly
    /// for a span (SQL text, tags) asks this first; unrecorded spans exist only to carry the trace context.
    /// </summary>
    public static bool IsRecording => Activity.Current is { Recorded: true };

    private static bool IsExporting(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    private static bool IsHealthRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HealthEndpointPath) || context.Request.Path.StartsWithSegments(AlivenessEndpointPath);

    // The exporter falls back to gRPC on a value it does not know; an operator who wrote one means something else.
    private static void ValidateOtlpProtocol<TBuilder>(TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var protocol = builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        if (!string.IsNullOrEmpty(protocol) && protocol is not ("grpc" or "http/protobuf"))
        {
            throw new InvalidOperationException(
                $"Configuration value 'OTEL_EXPORTER_OTLP_PROTOCOL' ('{protocol}') is not supported; use 'grpc' or 'http/protobuf'.");
        }
    }

    private static void AddJsonConsoleLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // A formatter chosen in configuration ("simple" for local debugging, say) wins over the JSON default.
        if (!string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            return;
        }

        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
    }
}
