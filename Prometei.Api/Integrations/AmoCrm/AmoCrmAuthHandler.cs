using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// Puts the bearer token on each amoCRM request (and the account's stored base URL, when the connect flow gave one).
/// On 401 it asks for a refresh of exactly the token it sent (one call to amoCRM however many requests failed) and
/// sends once more, as amoCRM recommends; a second 401 means the connection is revoked.
/// </summary>
public sealed class AmoCrmAuthHandler(AmoCrmTokenService tokens, IOptions<AmoCrmOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var access = await tokens.GetAccessAsync(cancellationToken);
        Prepare(request, access);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        var refreshed = await tokens.RefreshAsync(access.Generation, cancellationToken);
        Prepare(request, refreshed);
        response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        await tokens.MarkRevokedAsync("401 with a freshly refreshed token", cancellationToken);
        throw new AmoCrmUnavailableException(AmoCrmConnection.Revoked, "401 with a freshly refreshed token");
    }

    private void Prepare(HttpRequestMessage request, AmoCrmAccess access)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        var configured = options.Value.EffectiveBaseUrl;
        if (request.RequestUri is { } uri && configured is not null && !access.BaseUrl.IsBaseOf(uri)
            && uri.AbsoluteUri.StartsWith(configured.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new Uri(access.BaseUrl, uri.AbsoluteUri[configured.AbsoluteUri.Length..]);
        }
    }
}
