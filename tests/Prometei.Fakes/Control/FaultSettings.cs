namespace Prometei.Fakes.Control;

/// <summary>
/// Faults of one vendor, set with <c>PUT /_control/{vendor}/faults</c> (replacing the previous set) and cleared with
/// <c>DELETE</c> or <c>POST /_control/reset</c>. Rates are probabilities per request, 0 to 1. With a seed (here or
/// <see cref="FakeVendorsOptions.Seed"/>) the dice are repeatable for a given order of requests.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Share of requests answered 429.</summary>
    public double Status429Rate { get; init; }

    /// <summary>For this many seconds from the moment the faults are set, every request is answered 429.</summary>
    public double Storm429Seconds { get; init; }

    /// <summary>Share of requests answered with <see cref="Status5xxCode"/>.</summary>
    public double Status5xxRate { get; init; }

    /// <summary>The server error to answer (500, 502, 503, 504…).</summary>
    public int Status5xxCode { get; init; } = 503;

    /// <summary>Delay added before each request is handled.</summary>
    public int LatencyMs { get; init; }

    /// <summary>A random extra delay up to this many milliseconds.</summary>
    public int LatencyJitterMs { get; init; }

    /// <summary>Share of requests whose connection is aborted before anything happens (the client sees an HttpRequestException).</summary>
    public double DropConnectionRate { get; init; }

    /// <summary>
    /// Share of requests held for <see cref="TimeoutMs"/> before anything happens, as a vendor that hangs: a client that gives
    /// up first sees its own timeout, and a request whose client has gone is never handled (no effect). Rolled on dice of
    /// their own, so switching timeouts on does not change which requests get the other faults.
    /// </summary>
    public double TimeoutRate { get; init; }

    /// <summary>How long a <see cref="TimeoutRate"/> request hangs (default 65 s, past the gateway's 60 s per attempt).</summary>
    public int TimeoutMs { get; init; } = 65_000;

    /// <summary>
    /// Share of requests that are handled (the lead or task is created) and whose connection is then aborted instead of
    /// answered: the effect happened, the answer is lost. This is the case where a blind retry makes a duplicate.
    /// </summary>
    public double DropResponseRate { get; init; }

    /// <summary>
    /// Every token is invalid: amoCRM revokes every issued token (they stay revoked after the switch is cleared), answers
    /// 401 on the API and refuses every grant; Kaspi and the ERP answer 401.
    /// </summary>
    public bool RevokedToken { get; init; }

    /// <summary>The account is blocked: amoCRM answers 403 with an HTML page to everything, token endpoint included; Kaspi and the ERP answer 403.</summary>
    public bool AccountBlocked { get; init; }

    /// <summary>Only requests whose vendor-relative path starts with this (e.g. <c>/api/v4/leads/complex</c>) get the random, storm and latency faults.</summary>
    public string? PathPrefix { get; init; }

    /// <summary>
    /// Only requests whose query string, decoded, contains this (e.g. <c>filter[orders][state]=PICKUP</c>) get the random, storm
    /// and latency faults.
    /// </summary>
    public string? QueryContains { get; init; }

    /// <summary>Only requests with this method (e.g. <c>POST</c>) get the random, storm and latency faults.</summary>
    public string? Method { get; init; }

    /// <summary>Seeds the dice of this fault set.</summary>
    public int? Seed { get; init; }
}
