using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;

namespace Prometei.ServiceDefaults.Telemetry;

/// <summary>
/// The OTEL_* values the AppHost hands to a service, read from configuration once, before DI is built.
/// </summary>
internal sealed record OpenTelemetrySettings(string ServiceName, Uri? OtlpEndpoint, OtlpExportProtocol OtlpProtocol, string? OtlpHeaders)
{
    public const string TracesPath = "v1/traces";
    public const string MetricsPath = "v1/metrics";
    public const string LogsPath = "v1/logs";

    public static OpenTelemetrySettings Read(IConfiguration configuration, string applicationName)
    {
        var serviceName = configuration["OTEL_SERVICE_NAME"];
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        Uri? otlpEndpoint = null;
        if (!string.IsNullOrWhiteSpace(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out otlpEndpoint))
        {
            throw new InvalidOperationException(
                $"Configuration value 'OTEL_EXPORTER_OTLP_ENDPOINT' ('{endpoint}') is not an absolute URI.");
        }

        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException(
                $"Configuration value 'OTEL_EXPORTER_OTLP_PROTOCOL' ('{other}') is not supported; use 'grpc' or 'http/protobuf'."),
        };

        return new OpenTelemetrySettings(
            string.IsNullOrWhiteSpace(serviceName) ? applicationName : serviceName,
            otlpEndpoint,
            protocol,
            configuration["OTEL_EXPORTER_OTLP_HEADERS"]);
    }

    public ResourceBuilder CreateResourceBuilder() => ResourceBuilder.CreateDefault().AddService(ServiceName);

    public void ConfigureOtlpExporter(OtlpExporterOptions options, string signalPath)
    {
        if (OtlpEndpoint is null)
        {
            return;
        }

        options.Protocol = OtlpProtocol;
        // An endpoint set in code is used as is; over HTTP the exporter no longer appends the signal path itself.
        options.Endpoint = OtlpProtocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(OtlpEndpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : OtlpEndpoint;
        if (!string.IsNullOrEmpty(OtlpHeaders))
        {
            options.Headers = OtlpHeaders;
        }
    }
}
