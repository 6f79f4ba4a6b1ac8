using System.Globalization;
using System.Text.Json.Nodes;

namespace Prometei.AppHost.Tests.Support;

/// <summary>A span as the Aspire dashboard's telemetry API returns it (OTLP JSON), flattened.</summary>
public sealed record Span(string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, long Start, string Url, string Attributes)
{
    public static IReadOnlyList<Span> Parse(JsonNode answer)
    {
        var spans = new List<Span>();
        foreach (var resourceSpans in answer["data"]?["resourceSpans"]?.AsArray() ?? [])
        {
            var service = resourceSpans!["resource"]?["attributes"]?.AsArray()
                .FirstOrDefault(a => (string?)a!["key"] == "service.name")?["value"]?["stringValue"]?.ToString() ?? "";
            foreach (var scopeSpans in resourceSpans["scopeSpans"]?.AsArray() ?? [])
            {
                var scope = scopeSpans!["scope"]?["name"]?.ToString() ?? "";
                foreach (var span in scopeSpans["spans"]?.AsArray() ?? [])
                {
                    var attributes = span!["attributes"]?.AsArray() ?? [];
                    var url = attributes.FirstOrDefault(a => (string?)a!["key"] == "url.full")?["value"]?["stringValue"]?.ToString() ?? "";
                    spans.Add(new Span(
                        service, scope, (string)span["traceId"]!, (string)span["spanId"]!, span["parentSpanId"]?.ToString(),
                        (string)span["name"]!, long.Parse((string)span["startTimeUnixNano"]!, CultureInfo.InvariantCulture), url,
                        attributes.ToJsonString()));
                }
            }
        }

        return spans;
    }
}
