using System.Globalization;

namespace Prometei.Api.Hosting;

/// <summary>
/// Reads the variable names of the systems Prometei replaces (<c>AMOCRM_CLIENT_ID</c>, <c>AMO_RPS</c>, <c>CRM_API_URL</c>, …)
/// on top of the bound sections, so an existing <c>.env</c> keeps working. A value that does not parse is remembered
/// and reported by the options validator with the variable's name.
/// </summary>
internal sealed class LegacySettings(IConfiguration configuration, List<string> errors)
{
    /// <summary>The first of <paramref name="names"/> that is set (non-blank), or null.</summary>
    public string? Text(params string[] names) => Find(names)?.Value;

    /// <summary>The first of <paramref name="names"/> that is set (non-blank), with the name it was found under.</summary>
    public (string Name, string Value)? Find(params string[] names)
    {
        foreach (var name in names)
        {
            var value = configuration[name];
            if (!string.IsNullOrWhiteSpace(value))
            {
                return (name, value.Trim());
            }
        }

        return null;
    }

    /// <summary>Remembers a failure, reported by the options validator.</summary>
    public void Fail(string message) => errors.Add(message);

    public void String(Action<string> apply, params string[] names)
    {
        if (Text(names) is { } value)
        {
            apply(value);
        }
    }

    public void Uri(Action<Uri> apply, params string[] names)
    {
        if (Text(names) is not { } value)
        {
            return;
        }

        if (System.Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            apply(uri);
        }
        else
        {
            errors.Add($"{Named(names)} must be an absolute http(s) URL.");
        }
    }

    public void Long(Action<long> apply, params string[] names)
    {
        if (Text(names) is not { } value)
        {
            return;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            apply(number);
        }
        else
        {
            errors.Add($"{Named(names)} must be an integer (got a value that is not).");
        }
    }

    public void Double(Action<double> apply, params string[] names)
    {
        if (Text(names) is not { } value)
        {
            return;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            apply(number);
        }
        else
        {
            errors.Add($"{Named(names)} must be a number.");
        }
    }

    public void Bool(Action<bool> apply, params string[] names)
    {
        if (Text(names) is not { } value)
        {
            return;
        }

        switch (value.ToLowerInvariant())
        {
            case "1" or "true" or "yes" or "on":
                apply(true);
                break;
            case "0" or "false" or "no" or "off":
                apply(false);
                break;
            default:
                errors.Add($"{Named(names)} must be true or false (also 1/0, yes/no, on/off).");
                break;
        }
    }

    private static string Named(string[] names) => string.Join(" / ", names);
}
