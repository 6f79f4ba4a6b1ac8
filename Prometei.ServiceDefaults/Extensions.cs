using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Prometei.ServiceDefaults.ServiceDiscovery;
using Prometei.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

// Aspire's servicedefaults template, hand-built: the hosting, instrumentation, service-discovery and
// Http.Resilience packages can't be restored here (shared/PACKAGES.md), so this project supplies its own.
// Referenced by every service project; services call AddServiceDefaults() first and MapDefaultEndpoints() after Build().
public static class Extensions
{
    internal const string HealthEndpointPath = "/health";
    internal const string AlivenessEndpointPath = "/alive";
    internal const string LiveTag = "live";

    /// <summary>
    /// Adds the Prometei service defaults: OpenTelemetry (traces, metrics, logs), JSON console logs, the default health
    /// checks and configuration-based service discovery for every <see cref="System.Net.Http.HttpClient"/> made by the factory.
    /// </summary>
    /// <remarks>
    /// Resilience is opt-in per client: call <c>AddPrometeiResilience()</c> on the <see cref="IHttpClientBuilder"/>.
    /// </remarks>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddJsonConsoleLogging();

        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.TryAddSingleton<ServiceEndpointResolver>();
        builder.Services.TryAddTransient<ServiceDiscoveryHandler>();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<ServiceDiscoveryHandler>());

        return builder;
    }

    /// <summary>
    /// Configures OpenTelemetry tracing, metrics and logging. Traces listen to ASP.NET Core, HttpClient, Npgsql and the
    /// sources added with <see cref="AddPrometeiTelemetrySource{TBuilder}"/>; requests to <c>/health</c> and <c>/alive</c>
    /// are left out. Data is exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured.
    /// </summary>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = OpenTelemetrySettings.Read(builder.Configuration, builder.Environment.ApplicationName);
        builder.Services.TryAddSingleton(settings);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(settings.CreateResourceBuilder());
            if (settings.OtlpEndpoint is not null)
            {
                logging.AddOtlpExporter(otlp => settings.ConfigureOtlpExporter(otlp, OpenTelemetrySettings.LogsPath));
            }
        });

        // Providers are built when the host starts, so sources added after this call are still picked up.
        builder.Services.AddOptions<PrometeiTelemetryOptions>();
        builder.Services.AddHostedService<TelemetryProvidersHostedService>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, HttpServerActivityStartupFilter>());

        return builder;
    }

    /// <summary>
    /// Adds an <see cref="System.Diagnostics.ActivitySource"/> and a <see cref="System.Diagnostics.Metrics.Meter"/> name
    /// that the OpenTelemetry providers listen to (for example <c>"Prometei.Workflows.Engine"</c>).
    /// </summary>
    /// <typeparam name="TBuilder">The host application builder.</typeparam>
    /// <param name="builder">The builder to configure.</param>
    /// <param name="name">The activity source and meter name.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TBuilder AddPrometeiTelemetrySource<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.Configure<PrometeiTelemetryOptions>(options =>
        {
            options.ActivitySources.Add(name);
            options.Meters.Add(name);
        });
        return builder;
    }

    /// <summary>
    /// Adds the default health checks: a "self" check tagged "live", which answers as long as the process does.
    /// Services add their own readiness checks (a database, for example) tagged "ready".
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
    /// Unlike Aspire's template these are mapped in every environment, because the AppHost waits on <c>/health</c>.
    /// The bodies carry no check names, descriptions or exceptions, so nothing internal is disclosed.
    /// </remarks>
    /// <param name="app">The web application.</param>
    /// <returns>The same application, for chaining.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // The default response writer writes report.Status as text/plain; ResultStatusCodes maps Unhealthy to 503.
        app.MapHealthChecks(HealthEndpointPath);

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });

        return app;
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
