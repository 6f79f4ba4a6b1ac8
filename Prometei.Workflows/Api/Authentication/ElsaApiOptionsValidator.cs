using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Api.Authentication;

/// <summary>Rejects at startup what would weaken or break <c>/elsa/api</c>: short keys, origins that never match, odd lifetimes.</summary>
internal sealed class ElsaApiOptionsValidator : IValidateOptions<ElsaApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ElsaApiOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            if (options.ApiKeys[i] is { } key && key.Length > 0 && key.Trim().Length < ElsaApiOptions.MinimumKeyLength)
            {
                // The key itself is never echoed.
                failures.Add($"{ElsaApiOptions.SectionName}:ApiKeys:{i} (or {ElsaApiOptions.ApiKeyVariable}) is shorter than {ElsaApiOptions.MinimumKeyLength} characters.");
            }
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd())
            {
                failures.Add($"{ElsaApiOptions.SectionName}:AllowedOrigins has '{origin}', which is not an origin such as https://studio.example.com (no path, no trailing slash).");
            }
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > TimeSpan.FromDays(31))
        {
            failures.Add($"{ElsaApiOptions.SectionName}:TokenLifetime must be between 00:00:01 and 31.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
