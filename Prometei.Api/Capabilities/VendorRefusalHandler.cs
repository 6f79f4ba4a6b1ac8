namespace Prometei.Api.Capabilities;

/// <summary>Records a vendor's 401/403 (credentials refused) and its successes in <see cref="VendorRefusals"/>.</summary>
public sealed class VendorRefusalHandler(string vendor, VendorRefusals refusals) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is 401 or 403)
        {
            refusals.Refused(vendor, status);
        }
        else if (response.IsSuccessStatusCode)
        {
            refusals.Accepted(vendor);
        }

        return response;
    }
}
