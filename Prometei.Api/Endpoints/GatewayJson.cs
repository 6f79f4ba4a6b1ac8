using System.Text.Encodings.Web;
using System.Text.Json;

namespace Prometei.Api.Endpoints;

/// <summary>Our API's JSON: web defaults (camelCase), Cyrillic written as is rather than as \u escapes.</summary>
public static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Configure(JsonSerializerOptions options) => options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
