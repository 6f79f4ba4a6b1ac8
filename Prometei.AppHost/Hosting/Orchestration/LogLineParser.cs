using System.Text.Json;

namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>Reads the JSON console format of Microsoft.Extensions.Logging (<c>Timestamp</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, <c>Exception</c>).</summary>
internal static class LogLineParser
{
    public static LogEntry Parse(long sequence, DateTimeOffset received, string stream, string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('{') && trimmed.TrimEnd().EndsWith('}'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                var root = json.RootElement;
                if (root.ValueKind == JsonValueKind.Object && Text(root, "LogLevel") is { } level)
                {
                    return new LogEntry(
                        sequence,
                        received,
                        stream,
                        level,
                        Text(root, "Timestamp"),
                        Text(root, "Category"),
                        Text(root, "Message") ?? "",
                        Text(root, "Exception"));
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: shown as it is.
            }
        }

        return new LogEntry(sequence, received, stream, null, null, null, line, null);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
