namespace Prometei.AppHost;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Settings every service process gets beside Aspire's own: the AppHost's environment (Development when run with
    /// <c>dotnet run</c>), query strings redacted in request spans again (Aspire turns redaction off for development, and ours
    /// carry the webhook's secret and searched phone numbers), and a short OTLP export timeout, so that a service stopping
    /// after the dashboard does not wait ~10 s on its last export.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceDefaults(this IResourceBuilder<ProjectResource> builder) =>
        builder
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.ApplicationBuilder.Environment.EnvironmentName)
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "false")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "false")
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
}
