namespace Prometei.Fakes.Control;

/// <summary>
/// How the fake amoCRM behaves where shared/contracts/amocrm-api.md leaves the answer open ("unconfirmed"), plus its
/// limits. Defaults follow the contract's best evidence; tests switch them at runtime with
/// <c>PUT /_control/amocrm/behavior</c> to prove a client copes with either answer.
/// </summary>
public sealed record AmoCrmBehavior
{
    /// <summary>Access-token lifetime (contract: 24 h observed). Short in tests.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Refresh-token lifetime (contract: 3 months).</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Authorization-code lifetime (contract: 20 minutes, unconfirmed on a primary page).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Whether a refresh also kills the access tokens issued before it. Unconfirmed; users observed old access tokens
    /// working until their own expiry, so the default is false.
    /// </summary>
    public bool RevokeAccessTokensOnRefresh { get; init; }

    /// <summary>Requests per second allowed on <c>/api/v4</c> in any sliding 1-second window (contract: 7 per integration).</summary>
    public int RequestsPerSecond { get; init; } = 7;

    /// <summary>Body of a 429: HTML (frequently observed, the default), problem+json, or empty.</summary>
    public AmoCrmErrorBody TooManyRequestsBody { get; init; } = AmoCrmErrorBody.Html;

    /// <summary>A <c>Retry-After</c> header on 429 (undocumented, so none by default).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// After this many 429s the account is blocked and every request, token endpoint included, answers 403 until
    /// <c>POST /_control/reset</c> or the accountBlocked fault is cleared (contract: "repeated violations", threshold
    /// unknown). Null: never.
    /// </summary>
    public int? BlockAfter429Count { get; init; }

    /// <summary>Most entities in one <c>POST /api/v4/leads</c> or <c>/api/v4/contacts</c> (contract: max 250, recommended 50).</summary>
    public int MaxEntitiesPerRequest { get; init; } = 250;

    /// <summary>Most leads in one <c>POST /api/v4/leads/complex</c> (contract: 50).</summary>
    public int MaxComplexLeads { get; init; } = 50;

    /// <summary>Largest <c>limit</c> of a list; larger values are clamped (contract: 250).</summary>
    public int MaxListLimit { get; init; } = 250;

    /// <summary>Status of <c>GET /api/v4/{leads|contacts}/{id}</c> for an unknown id: 204 (default) or 404 (unconfirmed which).</summary>
    public int MissingEntityStatus { get; init; } = 204;

    /// <summary>An existing contact embedded by <c>{id}</c> in <c>/leads/complex</c>: linked (default) or rejected with 400 (unconfirmed).</summary>
    public ComplexContactById ComplexContactById { get; init; } = ComplexContactById.Link;

    /// <summary>
    /// The integration's "duplicate control" in <c>/leads/complex</c>: an embedded new contact whose phone or email matches
    /// an existing contact is merged into it (<c>merged: true</c>); never within one request. Off by default, as in amoCRM.
    /// </summary>
    public bool DuplicateControl { get; init; }

    /// <summary>How long a new contact stays invisible to <c>?query=</c> search (index latency, unconfirmed; default none).</summary>
    public TimeSpan ContactSearchIndexDelay { get; init; } = TimeSpan.Zero;
}
