using Prometei.Fakes.Control;

namespace Prometei.Fakes;

/// <summary>The fake amoCRM account (<c>Fakes:AmoCrm</c>). The defaults also serve sandbox mode.</summary>
public sealed class AmoCrmFakeOptions
{
    /// <summary>The account's subdomain (<c>https://{subdomain}.amocrm.ru</c>); sent in webhooks.</summary>
    public string Subdomain { get; set; } = "acmeshop";

    /// <summary>The account id.</summary>
    public long AccountId { get; set; } = AmoCrmSeedIds.AccountId;

    /// <summary>The integration id that <c>/oauth2/access_token</c> accepts.</summary>
    public string ClientId { get; set; } = "3f2a8c1e-0000-4b7e-9c55-5d1a2b3c4d5e";

    /// <summary>The integration secret that <c>/oauth2/access_token</c> accepts.</summary>
    public string ClientSecret { get; set; } = "fake-amocrm-client-secret";

    /// <summary>The redirect URI configured in the integration; token requests must send exactly this value.</summary>
    public string RedirectUri { get; set; } = "https://prometei.local/oauth/amocrm/callback";

    /// <summary>An authorization code valid at start and after each reset (single use, like a private integration's code).</summary>
    public string? AuthorizationCode { get; set; } = "fake-amocrm-authorization-code";

    /// <summary>A refresh token valid at start and after each reset (single use). Sandbox default: <c>sandbox-amocrm-refresh-token</c>.</summary>
    public string? InitialRefreshToken { get; set; }

    /// <summary>A long-lived access token (private integrations) that never expires. Sandbox default: <c>sandbox-amocrm-long-lived-token</c>.</summary>
    public string? LongLivedToken { get; set; }

    /// <summary>Seeds a few contacts and one lead (see <see cref="AmoCrmSeedIds"/>).</summary>
    public bool SeedData { get; set; } = true;

    /// <summary>A webhook destination that receives lead status changes, besides those registered through <c>POST /api/v4/webhooks</c>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Behaviour where the contract leaves a choice, and limits.</summary>
    public AmoCrmBehavior Behavior { get; set; } = new();
}
