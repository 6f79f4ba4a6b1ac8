using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Prometei.Api.Endpoints;

/// <summary>Reads a request body as JSON ourselves, so the idempotency hash covers exactly what was sent and bad JSON is a problem, not a crash.</summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024 * 1024;

    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, ILogger logger)
    {
        if (request.ContentType is not { } contentType || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.BadInput(logger, request, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send a JSON body with Content-Type: application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.BadInput(logger, request, StatusCodes.Status413PayloadTooLarge, "Body too large", "The body may not exceed 16 MiB."));
        }

        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node is JsonObject obj
                ? (obj, null)
                : (null, Problems.BadInput(logger, request, 400, "Invalid body", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadInput(logger, request, 400, "Invalid JSON", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})."));
        }
    }

    /// <summary>The body as <typeparamref name="T"/> (web defaults: camelCase, case-insensitive), or why not.</summary>
    public static T? Deserialize<T>(JsonNode node, out string? error)
    {
        try
        {
            error = null;
            return node.Deserialize<T>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            error = $"A value has the wrong type at {ex.Path ?? "$"}.";
            return default;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or FormatException)
        {
            error = "The body does not have the expected shape.";
            return default;
        }
    }
}
