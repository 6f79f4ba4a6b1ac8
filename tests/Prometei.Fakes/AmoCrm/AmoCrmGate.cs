using Prometei.Fakes.Control;
using Prometei.Fakes.Hosting;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// amoCRM's front door: a blocked account answers 403 HTML to everything (token endpoint included); <c>/api/v4</c>
/// counts against the per-second limit (429) and needs a valid bearer token (401).
/// </summary>
internal sealed class AmoCrmGate(AmoCrmAccount account, AmoCrmTokenStore tokens, AmoCrmRateLimiter limiter) : IVendorGate
{
    public FakeVendor Vendor => FakeVendor.AmoCrm;

    public async Task<GateVerdict> CheckBlockedAsync(HttpContext context, string vendorPath, FaultSettings faults)
    {
        if (!faults.AccountBlocked && !limiter.Blocked)
        {
            return GateVerdict.Pass;
        }

        if (vendorPath.StartsWith("/oauth2/", StringComparison.OrdinalIgnoreCase))
        {
            // Recorded as a refused token call too, so "no refresh happened" assertions see it.
            tokens.Grant(new Dictionary<string, string?>(), revoked: false, blocked: true);
        }

        await AmoCrmProblems.Blocked().ExecuteAsync(context);
        return GateVerdict.Refused("blocked");
    }

    public async Task<GateVerdict> CheckAccessAsync(HttpContext context, string vendorPath, FaultSettings faults)
    {
        if (!vendorPath.StartsWith("/api/v4/", StringComparison.OrdinalIgnoreCase))
        {
            return GateVerdict.Pass;
        }

        var behavior = account.Behavior;
        if (!limiter.TryAcquire(behavior.RequestsPerSecond))
        {
            await WriteTooManyRequestsAsync(context);
            return GateVerdict.Refused("rate-limit");
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await AmoCrmProblems.Unauthorized().ExecuteAsync(context);
            return GateVerdict.Refused();
        }

        if (faults.RevokedToken)
        {
            await AmoCrmProblems.Unauthorized().ExecuteAsync(context);
            return GateVerdict.Refused("revoked");
        }

        if (tokens.CheckAccessToken(header["Bearer ".Length..].Trim()) != AccessCheck.Valid)
        {
            await AmoCrmProblems.Unauthorized().ExecuteAsync(context);
            return GateVerdict.Refused();
        }

        return GateVerdict.Pass;
    }

    public Task WriteTooManyRequestsAsync(HttpContext context)
    {
        var behavior = account.Behavior;
        limiter.CountTooMany(behavior.BlockAfter429Count);
        return AmoCrmProblems.TooManyRequests(behavior).ExecuteAsync(context);
    }

    public Task WriteServerErrorAsync(HttpContext context, int status) => AmoCrmProblems.ServerError(status).ExecuteAsync(context);
}
