namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// Reads an amoCRM account address the way the replaced systems held it: a subdomain (<c>acmeshop</c>, becomes
/// <c>https://acmeshop.{domain}/</c>), a host (<c>acmeshop.amocrm.ru</c>, <c>acmeshop.kommo.com:443</c>, https assumed)
/// or a URL (<c>https://acmeshop.amocrm.ru</c>, also with a path such as a test server's <c>/amocrm</c>). A trailing
/// <c>/api/v4</c> is dropped (the client adds it). The result always ends with <c>/</c>, so relative paths keep a prefix.
/// </summary>
public static class AmoCrmAddress
{
    public static Uri? TryParse(string? value, string domain, out string? error)
    {
        error = null;
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "is empty";
            return null;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            var host = text.Split('/', 2)[0];
            if (host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal))
            {
                text = "https://" + text;
            }
            else if (text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !text.StartsWith('-') && text.Length <= 63)
            {
                text = $"https://{text.ToLowerInvariant()}.{domain.Trim().Trim('.')}/";
            }
            else
            {
                error = "is neither a subdomain, a host nor a URL";
                return null;
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            error = "is not a valid http(s) address";
            return null;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            error = "must not carry a query, a fragment or credentials";
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v4", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/api/v4".Length];
        }

        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path + "/").Uri;
    }
}
