using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// The amoCRM account and integration (section <c>AmoCrm</c>; also <c>AMOCRM_*</c> and <c>AMO_*</c>, which win when set).
/// </summary>
public sealed class AmoCrmOptions
{
    public const string SectionName = "AmoCrm";

    /// <summary>
    /// The account's base URL, e.g. <c>https://acmeshop.amocrm.ru</c> or <c>https://acmeshop.kommo.com</c> (<c>AMO_BASE_URL</c>
    /// or <c>AMOCRM_SUBDOMAIN</c>, each read by <see cref="AmoCrmAddress"/>: a subdomain, a host or a URL). It wins over the
    /// address stored with the connection by an earlier run.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The account subdomain (section only; <c>AMOCRM_SUBDOMAIN</c> sets <see cref="BaseUrl"/>): <c>acmeshop</c> becomes <c>https://acmeshop.{Domain}</c>; a host or URL works too.</summary>
    public string? Subdomain { get; set; }

    /// <summary><c>amocrm.ru</c> (default), <c>kommo.com</c> or <c>amocrm.com</c>.</summary>
    public string Domain { get; set; } = "amocrm.ru";

    /// <summary>The integration id (<c>AMOCRM_CLIENT_ID</c> / <c>AMO_CLIENT_ID</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>The integration secret (<c>AMOCRM_CLIENT_SECRET</c> / <c>AMO_CLIENT_SECRET</c>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The redirect URI configured in the integration (<c>AMOCRM_REDIRECT_URI</c>); token calls must send exactly it.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>An access token (<c>AMO_ACCESS_TOKEN</c>): a long-lived token, or the first access token of a pair. Used only while the ledger has none.</summary>
    public string? AccessToken { get; set; }

    /// <summary>A refresh token (<c>AMOCRM_REFRESH_TOKEN</c> / <c>AMO_REFRESH_TOKEN</c>). Used only while the ledger has none: rotation makes it stale.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>The pipeline of leads made from Kaspi orders (<c>AMO_PIPELINE_ID</c>).</summary>
    public long PipelineId { get; set; }

    /// <summary>Their status (<c>AMO_STATUS_ID</c>).</summary>
    public long StatusId { get; set; }

    /// <summary>Requests per second across all Api processes (<c>AMO_RPS</c>, default 7).</summary>
    public double Rps { get; set; } = 7;

    /// <summary>The consent page of the redirect flow; default <c>https://www.amocrm.ru/oauth</c> (<c>www.kommo.com</c> for Kommo).</summary>
    public Uri? ConsentUrl { get; set; }

    /// <summary>Responsible user of created leads and contacts; amoCRM's default (the token's user) when null.</summary>
    public long? ResponsibleUserId { get; set; }

    /// <summary>A lead text field that receives the Kaspi order code.</summary>
    public long? KaspiCodeFieldId { get; set; }

    /// <summary>A lead text(area) field that receives the line items, besides the note.</summary>
    public long? ItemsFieldId { get; set; }

    /// <summary>A products catalog. Linking catalog elements is not implemented: line items always go in a note.</summary>
    public long? CatalogId { get; set; }

    /// <summary>Status of leads whose Kaspi order was cancelled (reconcile); null: a note instead.</summary>
    public long? CancelledStatusId { get; set; }

    /// <summary>Status of leads whose Kaspi order was returned (reconcile); null: a note instead.</summary>
    public long? ReturnedStatusId { get; set; }

    /// <summary>The tag put on leads made from Kaspi orders; empty: none.</summary>
    public string Tag { get; set; } = "Kaspi";

    /// <summary>The tag, besides <see cref="Tag"/>, on leads whose order has no usable phone (none, masked, malformed). Default "Проверить телефон".</summary>
    public string ReviewTag { get; set; } = "Проверить телефон";

    /// <summary>
    /// How often the gateway reads amoCRM's webhook list (<c>GET /api/v4/webhooks</c>, admin rights) to see whether amoCRM
    /// switched our hook off (contract §14.4). Default 5 minutes; zero: never.
    /// </summary>
    public TimeSpan WebhookCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A hook whose destination contains this is ours. Default <c>/workflows/amocrm/webhook</c>.</summary>
    public string WebhookPath { get; set; } = "/workflows/amocrm/webhook";

    /// <summary>How often the contact phone index is brought up to date before a sync. Default 1 minute.</summary>
    public TimeSpan ContactIndexInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An access token this close to its expiry is refreshed before use. Default 5 minutes.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A refresh token unused this long is refreshed anyway (amoCRM drops it after 3 months). Default 7 days.</summary>
    public TimeSpan IdleRefreshAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Texts written into amoCRM (Russian by default). Placeholders: <c>{code}</c>, <c>{status}</c>, <c>{items}</c>, <c>{total}</c>.</summary>
    public AmoCrmTexts Texts { get; set; } = new();

    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>
    /// Whether amoCRM is configured at all: an address (<c>AMO_BASE_URL</c>, <c>AMOCRM_SUBDOMAIN</c>) or any credential
    /// (client id or secret, redirect URI, a token) set. When not, the amoCRM flows are off and nothing about it is required.
    /// </summary>
    public bool Configured =>
        EffectiveBaseUrl is not null || !string.IsNullOrWhiteSpace(Subdomain) || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(ClientSecret)
        || RedirectUri is not null || !string.IsNullOrWhiteSpace(AccessToken) || !string.IsNullOrWhiteSpace(RefreshToken);

    /// <summary>Whether the pipeline and status of new Kaspi leads are set (<c>AMO_PIPELINE_ID</c>, <c>AMO_STATUS_ID</c>); the Kaspi flows need them.</summary>
    public bool LeadPlacementSet => PipelineId > 0 && StatusId > 0;

    /// <summary>The API base: <see cref="BaseUrl"/>, or built from <see cref="Subdomain"/> and <see cref="Domain"/>.</summary>
    public Uri? EffectiveBaseUrl => BaseUrl ?? (string.IsNullOrWhiteSpace(Subdomain) ? null : AmoCrmAddress.TryParse(Subdomain, Domain, out _));

    public Uri EffectiveConsentUrl =>
        ConsentUrl ?? new Uri((EffectiveBaseUrl?.Host ?? Domain).EndsWith("kommo.com", StringComparison.OrdinalIgnoreCase)
            ? "https://www.kommo.com/oauth"
            : "https://www.amocrm.ru/oauth");

    /// <summary>Slots of the shared limiter: at most this many requests in any second (AMO_RPS rounded down, at least 1).</summary>
    public int RateSlots => Math.Max(1, (int)Math.Floor(Rps));

    internal static void ApplyLegacy(AmoCrmOptions o, LegacySettings legacy)
    {
        ApplyAddress(o, legacy);
        legacy.String(v => o.ClientId = v, "AMOCRM_CLIENT_ID", "AMO_CLIENT_ID");
        legacy.String(v => o.ClientSecret = v, "AMOCRM_CLIENT_SECRET", "AMO_CLIENT_SECRET");
        legacy.Uri(v => o.RedirectUri = v, "AMOCRM_REDIRECT_URI", "AMO_REDIRECT_URI");
        legacy.String(v => o.AccessToken = v, "AMO_ACCESS_TOKEN", "AMOCRM_ACCESS_TOKEN");
        legacy.String(v => o.RefreshToken = v, "AMOCRM_REFRESH_TOKEN", "AMO_REFRESH_TOKEN");
        legacy.Long(v => o.PipelineId = v, "AMO_PIPELINE_ID", "AMOCRM_PIPELINE_ID");
        legacy.Long(v => o.StatusId = v, "AMO_STATUS_ID", "AMOCRM_STATUS_ID");
        legacy.Double(v => o.Rps = v, "AMO_RPS", "AMOCRM_RPS");
        if (o.BaseUrl is { IsAbsoluteUri: true } url && !url.AbsoluteUri.EndsWith('/'))
        {
            // A base with a path ("…/amocrm") keeps it when relative URLs are resolved against it.
            o.BaseUrl = new Uri(url.AbsoluteUri + "/");
        }
    }

    /// <summary>
    /// <c>AMO_BASE_URL</c> (the old Kaspi integrator) and <c>AMOCRM_SUBDOMAIN</c> (the old amoCRM → ERP service) each
    /// accept a subdomain, a host or a URL. When both are set they must name the same account.
    /// </summary>
    private static void ApplyAddress(AmoCrmOptions o, LegacySettings legacy)
    {
        Uri? Read((string Name, string Value)? setting)
        {
            if (setting is not { } s)
            {
                return null;
            }

            var uri = AmoCrmAddress.TryParse(s.Value, o.Domain, out var error);
            if (uri is null)
            {
                legacy.Fail($"{s.Name} {error}: write the account's subdomain (acmeshop), host (acmeshop.amocrm.ru) or URL (https://acmeshop.amocrm.ru).");
            }

            return uri;
        }

        var url = legacy.Find("AMO_BASE_URL", "AMOCRM_BASE_URL");
        var subdomain = legacy.Find("AMOCRM_SUBDOMAIN", "AMO_SUBDOMAIN");
        var fromUrl = Read(url);
        var fromSubdomain = Read(subdomain);
        if (fromUrl is not null && fromSubdomain is not null && fromUrl != fromSubdomain)
        {
            legacy.Fail($"{url!.Value.Name} ({fromUrl.AbsoluteUri}) and {subdomain!.Value.Name} ({fromSubdomain.AbsoluteUri}) name different amoCRM accounts: keep one of them.");
        }

        if ((fromUrl ?? fromSubdomain) is { } address)
        {
            o.BaseUrl = address;
        }
    }
}
