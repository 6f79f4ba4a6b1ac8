using System.Globalization;

namespace Prometei.Workflows.Api.Serialization;

/// <summary>
/// Query-string values as Studio sends them: keys in any case (PascalCase from request objects, camelCase from
/// parameters), booleans as <c>True</c>/<c>False</c>, lists as repeated keys. A value that does not parse counts as missing.
/// </summary>
internal static class ElsaQuery
{
    public static string? String(HttpRequest request, string key) =>
        request.Query.TryGetValue(key, out var values) && values.Count > 0 ? values[^1] : null;

    public static int? Int(HttpRequest request, string key) =>
        int.TryParse(String(request, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool? Bool(HttpRequest request, string key) =>
        bool.TryParse(String(request, key), out var value) ? value : null;

    public static IReadOnlyList<string> List(HttpRequest request, string key) =>
        request.Query.TryGetValue(key, out var values) ? [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)] : [];
}
