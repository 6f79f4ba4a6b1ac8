using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Prometei.Api.Integrations.Kaspi;

/// <summary>
/// The headers Kaspi needs on every request (contract kaspi §1): <c>X-Auth-Token</c>, <c>Accept</c> (without it Kaspi
/// answers 404 HTML) and <c>Content-Type: application/vnd.api+json</c>, which on a GET needs an empty body to travel.
/// </summary>
public sealed class KaspiAuthHandler(IOptions<KaspiOptions> options) : DelegatingHandler
{
    public const string MediaType = "application/vnd.api+json";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("X-Auth-Token");
        request.Headers.TryAddWithoutValidation("X-Auth-Token", options.Value.ApiToken);
        if (!request.Headers.Accept.Any(a => a.MediaType == MediaType))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        }

        request.Content ??= new ByteArrayContent([]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return base.SendAsync(request, cancellationToken);
    }
}
