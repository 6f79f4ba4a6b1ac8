using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Prometei.Api.Hosting;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// The innermost amoCRM handler: every attempt that goes on the wire holds a slot of the shared
/// <see cref="AmoCrmRateLimiter"/> until its answer arrives, and is counted. A 429 (which amoCRM did not act on, so even a create is safe to
/// repeat) pauses every process for Retry-After (or a growing backoff) and is sent again, within the bound of
/// <see cref="AmoCrmAttempts"/>; a 403 with amoCRM's HTML block
/// page stops all calls and alerts.
/// </summary>
public sealed class AmoCrmRateLimitHandler(
    AmoCrmRateLimiter limiter, AmoCrmTokenService tokens, DailyStats stats, ILogger<AmoCrmRateLimitHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            var waitStarted = Stopwatch.GetTimestamp();
            await using (await limiter.AcquireAsync(cancellationToken))
            {
                GatewayTelemetry.AmoCrmRateLimitWait.Record(Stopwatch.GetElapsedTime(waitStarted).TotalMilliseconds);
                response = await base.SendAsync(request, cancellationToken);
            }

            GatewayTelemetry.AmoCrmRequests.Add(1, new KeyValuePair<string, object?>("http.response.status_code", (int)response.StatusCode));
            await stats.IncrementAsync(DailyStats.AmoCrmRequests, 1, cancellationToken);
            AmoCrmLog.Request(logger, request.Method.Method, path, (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                GatewayTelemetry.AmoCrmTooManyRequests.Add(1);
                await stats.IncrementAsync(DailyStats.AmoCrm429, 1, cancellationToken);
                var pause = await RetryAfterAsync(response, cancellationToken) ?? TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt + 1)));
                AmoCrmLog.TooManyRequests(logger, request.Method.Method, path, pause.TotalMilliseconds);
                await limiter.PauseAsync(pause, cancellationToken);
                if (attempt < AmoCrmAttempts.TooManyRequestsResends && pause <= AmoCrmAttempts.MaxInlinePause)
                {
                    response.Dispose();
                    continue;
                }

                return response;
            }

            if (response.StatusCode == HttpStatusCode.Forbidden && !IsJson(response))
            {
                response.Dispose();
                await tokens.MarkBlockedAsync("403 on " + path, cancellationToken);
                throw new AmoCrmUnavailableException(AmoCrmConnection.Blocked, "amoCRM answered 403 (account blocked)");
            }

            return response;
        }
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Retry-After (seconds or a date), or Kommo's <c>retry_after</c> in a JSON body (unconfirmed; both handled).</summary>
    private static async Task<TimeSpan?> RetryAfterAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var delay = retryAfter.Delta ?? (retryAfter.Date - DateTimeOffset.UtcNow);
            if (delay is { } value)
            {
                return value < TimeSpan.Zero ? TimeSpan.Zero : value;
            }
        }

        if (!IsJson(response))
        {
            return null;
        }

        try
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body?["retry_after"] is JsonValue seconds && seconds.TryGetValue<double>(out var s) && s >= 0 ? TimeSpan.FromSeconds(s) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
