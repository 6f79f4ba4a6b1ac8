using Microsoft.Extensions.Configuration;

namespace Prometei.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves a logical service name ("api") to the endpoint the AppHost configured for it, the way Aspire's
/// configuration provider does: the key <c>services:{name}:{scheme}:{index}</c>, set as the environment variable
/// <c>services__{name}__{scheme}__{index}</c>. Only index 0 is used.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private const string DefaultSchemes = "https+http";

    /// <summary>
    /// Returns the endpoint configured for <paramref name="serviceName"/>, or <c>null</c> when there is none.
    /// </summary>
    /// <param name="serviceName">The logical service name, for example "api".</param>
    /// <param name="scheme">
    /// "http", "https", or a preference list in Aspire's syntax ("https+http": https first, then http).
    /// When omitted, https is preferred over http.
    /// </param>
    /// <returns>The configured absolute URI, or <c>null</c>.</returns>
    /// <exception cref="InvalidOperationException">The configured value is not an absolute URI.</exception>
    public Uri? Resolve(string serviceName, string? scheme = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        foreach (var candidate in SplitSchemes(scheme))
        {
            var key = $"services:{serviceName}:{candidate}:0";
            var value = configuration[key];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            return Uri.TryCreate(value, UriKind.Absolute, out var endpoint)
                ? endpoint
                : throw new InvalidOperationException(
                    $"Configuration value '{key}' ('{value}') for service '{serviceName}' is not an absolute URI.");
        }

        return null;
    }

    /// <summary>
    /// Returns the endpoint configured for <paramref name="serviceName"/>, or throws naming the missing setting.
    /// </summary>
    /// <param name="serviceName">The logical service name, for example "api".</param>
    /// <param name="scheme">As for <see cref="Resolve"/>.</param>
    /// <returns>The configured absolute URI.</returns>
    /// <exception cref="InvalidOperationException">No endpoint is configured, or it is not an absolute URI.</exception>
    public Uri ResolveRequired(string serviceName, string? scheme = null) =>
        Resolve(serviceName, scheme) ?? throw new InvalidOperationException(
            $"No endpoint is configured for service '{serviceName}'. Set "
            + string.Join(" or ", SplitSchemes(scheme).Select(s => $"'services__{serviceName}__{s}__0'"))
            + " (configuration key 'services:{name}:{scheme}:0'); the AppHost sets it for each WithReference.");

    /// <summary>True when any endpoint is configured for <paramref name="serviceName"/>.</summary>
    /// <param name="serviceName">The logical service name.</param>
    /// <returns>Whether the <c>services:{name}</c> section exists.</returns>
    public bool IsConfigured(string serviceName) => configuration.GetSection($"services:{serviceName}").Exists();

    private static string[] SplitSchemes(string? scheme) =>
        (string.IsNullOrWhiteSpace(scheme) ? DefaultSchemes : scheme).Split('+', StringSplitOptions.RemoveEmptyEntries);
}
