namespace Prometei.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Rewrites requests addressed to a logical service ("http://api/x", or "https+http://api/x" in Aspire's syntax) to the
/// endpoint configured under <c>services:api:…</c>. Added to every factory client by <c>AddServiceDefaults</c>.
/// </summary>
/// <remarks>
/// A host is treated as logical, and must then be configured, when the scheme is a preference list ("https+http") or the
/// host is a single DNS label other than "localhost". Other hosts (api.kaspi.kz, 127.0.0.1) pass through untouched
/// unless a service of that exact name is configured.
/// </remarks>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = Rewrite(uri);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private Uri Rewrite(Uri uri)
    {
        var serviceName = uri.IdnHost;
        var isLogical = uri.Scheme.Contains('+', StringComparison.Ordinal) || IsSingleLabelDnsName(uri);
        if (!isLogical && !resolver.IsConfigured(serviceName))
        {
            return uri;
        }

        var endpoint = resolver.ResolveRequired(serviceName, uri.Scheme);
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + basePath + uri.PathAndQuery + uri.Fragment);
    }

    private static bool IsSingleLabelDnsName(Uri uri) =>
        uri.HostNameType == UriHostNameType.Dns
        && !uri.IdnHost.Contains('.', StringComparison.Ordinal)
        && !uri.IsLoopback;
}
