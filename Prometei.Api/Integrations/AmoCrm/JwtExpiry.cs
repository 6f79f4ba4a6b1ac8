using System.Text;
using System.Text.Json;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>Reads the <c>exp</c> claim of amoCRM's JWT access tokens (no signature check: only to plan a refresh).</summary>
public static class JwtExpiry
{
    public static DateTimeOffset? Read(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799))
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
