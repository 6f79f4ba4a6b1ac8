using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Prometei.Fakes.Recording;

/// <summary>Keeps secrets out of the request journal.</summary>
internal static class Redaction
{
    public const string Mask = "***";

    private static readonly HashSet<string> s_secretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-Auth-Token", "X-Api-Key", "Cookie", "Set-Cookie", "X-Refresh-Token",
    };

    private static readonly HashSet<string> s_secretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "client_secret", "code", "refresh_token", "access_token", "password",
    };

    public static Dictionary<string, string> Headers(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            result[name] = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
                ? KeepScheme(values.ToString())
                : s_secretHeaders.Contains(name) ? Mask : values.ToString();
        }

        return result;
    }

    /// <summary>Masks OAuth secrets in a JSON or form body; other bodies pass unchanged.</summary>
    public static string Body(string body, string? contentType)
    {
        if (contentType?.Contains("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var fields = QueryHelpers.ParseQuery(body);
            if (!fields.Keys.Any(s_secretFields.Contains))
            {
                return body;
            }

            var builder = new StringBuilder();
            foreach (var (name, values) in fields)
            {
                foreach (var value in values)
                {
                    if (builder.Length > 0)
                    {
                        builder.Append('&');
                    }

                    builder.Append(Uri.EscapeDataString(name)).Append('=')
                        .Append(s_secretFields.Contains(name) ? Mask : Uri.EscapeDataString(value ?? ""));
                }
            }

            return builder.ToString();
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject json && json.Any(p => s_secretFields.Contains(p.Key)))
            {
                foreach (var name in json.Select(p => p.Key).Where(s_secretFields.Contains).ToList())
                {
                    json[name] = Mask;
                }

                return json.ToJsonString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: nothing to mask.
        }

        return body;
    }

    private static string KeepScheme(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? $"{value[..space]} {Mask}" : Mask;
    }
}
