using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.Kaspi;

/// <summary>
/// Kaspi's front door (contract §1, §8): no <c>Accept: application/vnd.api+json</c> → 404 HTML (observed); a wrong or
/// missing <c>X-Auth-Token</c> → 401; no <c>Content-Type: application/vnd.api+json</c> → 415 (the guide lists it as
/// required, the answer is our choice); a blocked account → 403. Kaspi documents no rate limit, so there is none.
/// </summary>
internal sealed class KaspiGate(FakeVendorsOptions options, KaspiMerchant merchant) : IVendorGate
{
    public FakeVendor Vendor => FakeVendor.Kaspi;

    public async Task<GateVerdict> CheckBlockedAsync(HttpContext context, string vendorPath, FaultSettings faults)
    {
        if (!faults.AccountBlocked)
        {
            return GateVerdict.Pass;
        }

        await KaspiJson.Error(403, "Forbidden", "API access is not activated for this merchant").ExecuteAsync(context);
        return GateVerdict.Refused("blocked");
    }

    public async Task<GateVerdict> CheckAccessAsync(HttpContext context, string vendorPath, FaultSettings faults)
    {
        var behavior = merchant.Behavior;
        var request = context.Request;
        if (behavior.RequireAccept && !request.Headers.Accept.ToString().Contains(KaspiJson.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            await VendorResult.NginxPage(404, "Not Found").ExecuteAsync(context);
            return GateVerdict.Refused();
        }

        var token = request.Headers["X-Auth-Token"].ToString();
        if (faults.RevokedToken || token.Length == 0 || !string.Equals(token, options.Kaspi.ApiToken, StringComparison.Ordinal))
        {
            await KaspiJson.Error(401, "Unauthorized", "Invalid or missing X-Auth-Token").ExecuteAsync(context);
            return GateVerdict.Refused(faults.RevokedToken ? "revoked" : null);
        }

        if (behavior.RequireContentType && request.ContentType?.Contains(KaspiJson.MediaType, StringComparison.OrdinalIgnoreCase) != true)
        {
            await KaspiJson.Error(415, "Unsupported Media Type", "Content-Type: application/vnd.api+json is required").ExecuteAsync(context);
            return GateVerdict.Refused();
        }

        return GateVerdict.Pass;
    }

    public Task WriteTooManyRequestsAsync(HttpContext context) =>
        KaspiJson.Error(429, "Too Many Requests", "Rate limit exceeded").ExecuteAsync(context);

    public Task WriteServerErrorAsync(HttpContext context, int status) =>
        VendorResult.NginxPage(status, status == 504 ? "Gateway Time-out" : "Server Error").ExecuteAsync(context);
}
