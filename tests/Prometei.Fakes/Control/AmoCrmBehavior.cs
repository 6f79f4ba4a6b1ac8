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

    /// <summary>
    /// Every hook is sent once, with no retry, as Digital Pipeline "send webhook" actions are (contract §14.1). Default false:
    /// hooks made with <c>POST /api/v4/webhooks</c> are retried (below); the <c>Fakes:AmoCrm:WebhookUrl</c> hook is always single-attempt.
    /// </summary>
    public bool WebhookSingleAttempt { get; init; }

    /// <summary>
    /// Multiplies the retry ladder and the switch-off window (contract §14.4: a failed delivery is tried again after ~5 and ~15
    /// minutes, or ~15 minutes and ~1 hour for 499 and 5xx; a hook is switched off after more than 100 failures in 2 hours).
    /// 1: real time; 0.001 turns 5 minutes into 0.3 s.
    /// </summary>
    public double WebhookTimeScale { get; init; } = 1;

    /// <summary>More failed deliveries than this within <see cref="WebhookDisableWindow"/>, the latest failed too, switch a hook off (contract: 100).</summary>
    public int WebhookDisableAfter { get; init; } = 100;

    /// <summary>The window of <see cref="WebhookDisableAfter"/> (contract: 2 hours), scaled by <see cref="WebhookTimeScale"/>.</summary>
    public TimeSpan WebhookDisableWindow { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long a new contact stays invisible to <c>?query=</c> search (index latency, unconfirmed; default none).</summary>
    public TimeSpan ContactSearchIndexDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The <c>Fakes:AmoCrm:WebhookUrl</c> hook (the account's Digital Pipeline "send webhook" action) sends the short form a real
    /// Digital Pipeline sends (contract §14.6): <c>leads[status][0][id|status_id|pipeline_id|old_status_id|old_pipeline_id]</c> and
    /// <c>account[id|subdomain]</c>, no time, no name or fields. Default false: the full account-webhook body.
    /// </summary>
    public bool DigitalPipelineShortForm { get; init; }
}
