using System.Net;
using System.Net.Http.Headers;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// Puts the bearer token on each amoCRM request (sent to the configured account address, the client's base address).
/// On 401 it asks for a refresh of exactly the token it sent (one call to amoCRM however many requests failed) and
/// sends once more, as amoCRM recommends; a second 401 means the connection is revoked.
/// </summary>
public sealed class AmoCrmAuthHandler(AmoCrmTokenService tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var access = await tokens.GetAccessAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        var refreshed = await tokens.RefreshAsync(access.Generation, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.AccessToken);
        response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        await tokens.MarkRevokedAsync("401 with a freshly refreshed token", cancellationToken);
        throw new AmoCrmUnavailableException(AmoCrmConnection.Revoked, "401 with a freshly refreshed token");
    }
}
