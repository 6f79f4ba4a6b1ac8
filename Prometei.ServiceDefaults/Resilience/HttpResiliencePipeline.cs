using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Prometei.ServiceDefaults.Resilience;

/// <summary>
/// Fills a Microsoft.Extensions.Http.Resilience pipeline from <see cref="PrometeiResilienceOptions"/>, outermost first:
/// total timeout, retry, circuit breaker, per-attempt timeout (the order of the standard handler). What the standard handler
/// lacks: POST and PATCH are retried only when safe, and a Retry-After is honoured up to a cap.
/// </summary>
internal static class HttpResiliencePipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, PrometeiResilienceOptions options, TimeProvider timeProvider)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "TotalRequestTimeout", Timeout = options.TotalRequestTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldRetryAfterHeader = false,   // DelayGenerator below reads it, with a cap
                ShouldHandle = args => ValueTask.FromResult(
                    IsTransient(args.Outcome) && IsSafeToRetry(args.Context.GetRequestMessage(), args.Outcome, options.RetryNonIdempotent)),
                DelayGenerator = args => ValueTask.FromResult(GetRetryAfter(args.Outcome.Result, options.MaxRetryAfter, timeProvider)),
            });
        }

        if (options.CircuitBreakerEnabled)
        {
            builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                Name = "CircuitBreaker",
                FailureRatio = options.CircuitBreakerFailureRatio,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                BreakDuration = options.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        null => outcome.Result is { } response && IsTransient(response.StatusCode),
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)statusCode >= 500;

    private static bool IsSafeToRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome, bool retryNonIdempotent)
    {
        if (retryNonIdempotent || request is null)
        {
            return true;
        }

        var method = request.Method;
        if (method != HttpMethod.Post && method != HttpMethod.Patch)
        {
            return true;
        }

        // A refused connection means the request never left this process, so even a create is safe to send again.
        return request.Headers.Contains(PrometeiResilienceOptions.IdempotencyKeyHeader)
            || outcome.Exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };
    }

    /// <summary>The delay a 429 or 503 asks for in Retry-After (seconds or an HTTP date), capped; null means backoff.</summary>
    private static TimeSpan? GetRetryAfter(HttpResponseMessage? response, TimeSpan maxRetryAfter, TimeProvider timeProvider)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable }
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? retryAfter.Date - timeProvider.GetUtcNow();
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > maxRetryAfter ? maxRetryAfter : value;
    }
}
