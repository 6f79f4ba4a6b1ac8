using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Prometei.ServiceDefaults.Resilience;

/// <summary>
/// Builds the pipeline, outermost first: total timeout, retry, circuit breaker, per-attempt timeout (the order of
/// Microsoft.Extensions.Http.Resilience's standard handler).
/// </summary>
internal static class HttpResiliencePipeline
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Prometei.Resilience.Request");

    public static ResiliencePipeline<HttpResponseMessage> Create(string name, PrometeiResilienceOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = name, TimeProvider = timeProvider };

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "TotalRequestTimeout", Timeout = options.TotalRequestTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(
                    IsTransient(args.Outcome) && IsSafeToRetry(args.Context, args.Outcome, options.RetryNonIdempotent)),
                DelayGenerator = args => ValueTask.FromResult(
                    GetRetryAfter(args.Outcome.Result, options.MaxRetryAfter, timeProvider)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "CircuitBreaker",
            FailureRatio = options.CircuitBreakerFailureRatio,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            BreakDuration = options.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        });

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });

        return builder.Build();
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        null => outcome.Result is { } response && IsTransient(response.StatusCode),
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)statusCode >= 500;

    private static bool IsSafeToRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, bool retryNonIdempotent)
    {
        if (retryNonIdempotent || !context.Properties.TryGetValue(RequestKey, out var request))
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
