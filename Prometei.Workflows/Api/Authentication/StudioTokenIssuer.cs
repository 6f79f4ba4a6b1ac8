using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Api.Authentication;

/// <summary>
/// Issues bearer tokens accepted by <c>/elsa/api</c> for an operator who signed in elsewhere (the Studio shell): the page hands
/// the token to the Studio elements as <c>access-token</c>. The token is ASP.NET Core's bearer token (data-protected, not a
/// JWT) and lasts <see cref="ElsaApiOptions.TokenLifetime"/>; Studio cannot refresh it, so a new page load needs a new token.
/// </summary>
public sealed class StudioTokenIssuer(IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider time)
{
    public StudioToken Issue(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var options = bearerOptions.Get(ElsaApiAuthentication.BearerScheme);
        var now = time.GetUtcNow();
        var expiresAt = now + options.BearerTokenExpiration;
        var identity = new ClaimsIdentity(user.Claims, ElsaApiAuthentication.BearerScheme, ClaimTypes.Name, ClaimTypes.Role);
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expiresAt };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), properties, ElsaApiAuthentication.BearerScheme);
        return new StudioToken(options.BearerTokenProtector.Protect(ticket), expiresAt);
    }
}
