using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometei.Api.Capabilities;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Ledger;

namespace Prometei.Api.Endpoints;

/// <summary>
/// amoCRM's redirect flow: <c>GET /oauth/amocrm/connect</c> (operators, Basic auth) sends the browser to amoCRM's
/// consent page with a single-use <c>state</c>; amoCRM sends it back to <c>GET /oauth/amocrm/callback</c> (the
/// integration's redirect URI) with <c>code</c>, <c>state</c> and <c>referer</c> (the account host), and the code is
/// exchanged for tokens at the configured account (a <c>referer</c> naming another account is logged as a warning).
/// </summary>
public static class OAuthApi
{
    private static readonly string[] s_accountDomains = [".amocrm.ru", ".kommo.com", ".amocrm.com"];

    public static RouteGroupBuilder MapOAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/oauth/amocrm").WithTags("OAuth").RequireVendor(GatewayFlows.AmoCrm);
        group.MapGet("/connect", ConnectAsync).AddEndpointFilter<AdminBasicFilter>().WithSummary("Redirect to amoCRM's consent page.");
        group.MapGet("/callback", CallbackAsync).WithSummary("amoCRM's redirect back: exchanges the code (state required).");
        return group;
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> ConnectAsync(
        OAuthStateStore states, IOptions<AmoCrmOptions> options, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            return TypedResults.Problem("Set AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET and AMOCRM_REDIRECT_URI to use the redirect flow.", statusCode: 503, title: "OAuth is not configured");
        }

        var state = await states.CreateAsync(cancellationToken);
        var url = $"{o.EffectiveConsentUrl.AbsoluteUri}?client_id={Uri.EscapeDataString(o.ClientId)}&state={state}&mode=post_message";
        return TypedResults.Redirect(url);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> CallbackAsync(
        HttpRequest request, OAuthStateStore states, AmoCrmTokenService tokens, IOptions<AmoCrmOptions> options, ILogger<AmoCrmTokenService> logger,
        CancellationToken cancellationToken, string? code = null, string? state = null, string? referer = null)
    {
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(state) || code.Length > 4096 || state.Length > 200)
        {
            return Problems.BadInput(logger, request, 400, "Invalid callback", "amoCRM's redirect must carry code and state.");
        }

        if (!await states.ConsumeAsync(state, cancellationToken))
        {
            return Problems.BadInput(logger, request, 400, "Unknown state", "This state was not issued here, was used already or expired: start again at /oauth/amocrm/connect.");
        }

        // Calls go to the configured account (AMO_BASE_URL / AMOCRM_SUBDOMAIN); a consent given on another account is flagged.
        if (AccountBaseUrl(referer) is { } account && !string.Equals(account.Host, options.Value.EffectiveBaseUrl?.Host, StringComparison.OrdinalIgnoreCase))
        {
            OAuthLog.OtherAccount(logger, account.Host);
        }

        var connection = await tokens.ExchangeCodeAsync(code, null, cancellationToken);
        return TypedResults.Content(
            $"<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Prometei</title><p>amoCRM подключён (поколение токенов {connection.Generation}). Окно можно закрыть.</p></html>",
            "text/html; charset=utf-8");
    }

    /// <summary>The account's own host from amoCRM's <c>referer</c>, only when it is an amoCRM or Kommo account host.</summary>
    public static Uri? AccountBaseUrl(string? referer)
    {
        if (string.IsNullOrWhiteSpace(referer))
        {
            return null;
        }

        var host = referer.Trim();
        if (host.Contains("://", StringComparison.Ordinal))
        {
            host = Uri.TryCreate(host, UriKind.Absolute, out var uri) ? uri.Host : "";
        }

        var valid = host.Length is > 0 and <= 253
            && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            && s_accountDomains.Any(d => host.EndsWith(d, StringComparison.OrdinalIgnoreCase));
        return valid ? new Uri($"https://{host.ToLowerInvariant()}/") : null;
    }
}
