using System.Text.Json;
using System.Text.Json.Nodes;

namespace Prometei.Api.Endpoints;

/// <summary>The answer of an effect, as stored under its idempotency key and replayed verbatim.</summary>
public sealed record IdempotentResult(int Status, JsonNode Body)
{
    public static IdempotentResult Ok<T>(T value, int status = StatusCodes.Status200OK) =>
        new(status, JsonSerializer.SerializeToNode(value, GatewayJson.Options)!);

    public static IdempotentResult Problem(int status, string title, string? detail) => new(status, new JsonObject
    {
        ["type"] = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? "6" : "5")}",
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
    });
}
