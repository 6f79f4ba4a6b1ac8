namespace Prometei.Workflows.Runtime;

/// <summary>Path templates under <c>/workflows/</c>: literal segments and <c>{name}</c> parameters, matched case-insensitively.</summary>
public sealed class HttpRoute
{
    private readonly string[] _segments;

    public HttpRoute(string template)
    {
        Template = Normalize(template);
        _segments = Template.Length == 0 ? [] : Template.Split('/');
    }

    public string Template { get; }

    /// <summary>Literal segments count more than parameters, so <c>orders/new</c> wins over <c>orders/{id}</c>.</summary>
    public int Specificity => _segments.Count(s => !IsParameter(s));

    public static string Normalize(string path) => path.Trim().Trim('/').ToLowerInvariant();

    public bool TryMatch(string path, out Dictionary<string, string> values)
    {
        values = [];
        var trimmed = path.Trim().Trim('/');
        var parts = trimmed.Length > 0 ? trimmed.Split('/') : [];
        if (parts.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (IsParameter(_segments[i]))
            {
                values[_segments[i][1..^1]] = Uri.UnescapeDataString(parts[i]);
            }
            else if (!string.Equals(parts[i], _segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
}
