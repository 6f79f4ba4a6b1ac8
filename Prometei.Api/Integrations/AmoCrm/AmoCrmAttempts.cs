namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// How often one logical amoCRM call can go on the wire: the one place that states the bound (README "One owner per retry"
/// quotes it).
/// <list type="bullet">
/// <item>The gateway's HTTP pipeline sends each call once: no retries, no breaker (<c>AmoCrmExtensions</c>).</item>
/// <item>A 5xx, a timeout or a dropped connection goes back to the caller as a 503 problem carrying amoCRM's
/// <c>Retry-After</c>; the workflow engine retries the activity (its durable retry policy: <c>maxAttempts</c>, 5 by
/// default, or the outage window, <c>Integration:RetryWindow</c>, with backoff capped at <c>Integration:RetryMaxDelay</c>;
/// a longer <c>Retry-After</c> wins).</item>
/// <item>A 429 (amoCRM did not act on it, so even a create is safe to repeat) pauses every process for its
/// <c>Retry-After</c>, or 2, 4, 8… s without one, and is sent again at most <see cref="TooManyRequestsResends"/> times
/// within the call while the pause is at most <see cref="MaxInlinePause"/>; then the 429 goes back as a 503 like the
/// others.</item>
/// </list>
/// So one logical call reaches amoCRM at most <c>(1 + TooManyRequestsResends) × engine attempts</c> times: 5 attempts for a
/// call that meets only 5xx (<c>AmoCrmToErpFlowTests.OneAmoCrmGet_…</c>), 5 × 5 = 25 for one that meets only 429s, and with
/// the outage window about 8 + (24 h − 10 min) / 5 min ≈ 295 engine attempts over a day.
/// </summary>
public static class AmoCrmAttempts
{
    /// <summary>A 429 is sent again at most this many times within one call (<c>RateLimitTests.AlwaysTooManyRequests_…</c>).</summary>
    public const int TooManyRequestsResends = 4;

    /// <summary>A 429 whose pause is longer than this is not resent within the call: it goes back to the caller.</summary>
    public static readonly TimeSpan MaxInlinePause = TimeSpan.FromSeconds(10);
}
