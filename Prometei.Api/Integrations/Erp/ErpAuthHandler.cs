using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Prometei.Api.Integrations.Erp;

/// <summary>The ERP's credentials: <c>X-Api-Key</c> (<c>CRM_API_KEY</c>) and/or Basic (<c>CRM_API_USERNAME</c>, <c>CRM_API_PASSWORD</c>).</summary>
public sealed class ErpAuthHandler(IOptions<ErpOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ApiKey))
        {
            request.Headers.Remove("X-Api-Key");
            request.Headers.TryAddWithoutValidation("X-Api-Key", o.ApiKey);
        }

        if (!string.IsNullOrWhiteSpace(o.Username))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Username}:{o.Password}")));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
