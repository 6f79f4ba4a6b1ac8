using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.Erp;

/// <summary>The ERP's front door: <c>X-Api-Key</c> or Basic credentials (401 with <c>WWW-Authenticate</c>), problem+json errors.</summary>
internal sealed class ErpGate(FakeVendorsOptions options) : IVendorGate
{
    public FakeVendor Vendor => FakeVendor.Erp;

    public async Task<GateVerdict> CheckBlockedAsync(HttpContext context, string vendorPath, FaultSettings faults)
    {
        if (!faults.AccountBlocked)
        {
            return GateVerdict.Pass;
        }

        await Problem(403, "Forbidden", "The API user is disabled.").ExecuteAsync(context);
        return GateVerdict.Refused("blocked");
    }

    public async Task<GateVerdict> CheckAccessAsync(HttpContext context, string vendorPath, FaultSettings faults)
    {
        if (!faults.RevokedToken && IsAuthenticated(context.Request))
        {
            return GateVerdict.Pass;
        }

        context.Response.Headers.WWWAuthenticate = "Basic realm=\"erp\"";
        await Problem(401, "Unauthorized", "A valid X-Api-Key header or Basic credentials are required.").ExecuteAsync(context);
        return GateVerdict.Refused(faults.RevokedToken ? "revoked" : null);
    }

    public Task WriteTooManyRequestsAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problem(429, "Too Many Requests", "Slow down.").ExecuteAsync(context);
    }

    public Task WriteServerErrorAsync(HttpContext context, int status) =>
        Problem(status, "Server Error", "The ERP failed to handle the request.").ExecuteAsync(context);

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    private bool IsAuthenticated(HttpRequest request)
    {
        var erp = options.Erp;
        var key = request.Headers["X-Api-Key"].ToString();
        if (!string.IsNullOrEmpty(erp.ApiKey) && key.Length > 0 && string.Equals(key, erp.ApiKey, StringComparison.Ordinal))
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(erp.Username) || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            return string.Equals(credentials, $"{erp.Username}:{erp.Password}", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
