namespace Prometei.AppHost;

public static class ServiceTelemetryExtensions
{
    /// <summary>
    /// Settings every service process gets beside Aspire's own <c>OTEL_*</c> variables: query strings redacted in request
    /// spans again (Aspire turns redaction off for development, and ours carry the webhook's secret and searched phone
    /// numbers), and a short OTLP export timeout, so that a service stopping after the dashboard does not wait ~10 s on its
    /// last export.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceTelemetryDefaults(this IResourceBuilder<ProjectResource> builder) =>
        builder
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "false")
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "false")
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
}
