namespace Prometei.ServiceDefaults.Resilience;

/// <summary>
/// Settings of the HTTP resilience handler added by <c>AddPrometeiResilience()</c>. The defaults follow
/// Microsoft.Extensions.Http.Resilience's standard handler, on which it is built, with a shorter base delay.
/// </summary>
public sealed class PrometeiResilienceOptions
{
    /// <summary>The request header that makes a POST or PATCH safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Time allowed for the whole call, every retry and delay included. Default 30 s.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt; 0 turns retries off. Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; it doubles on each further one. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Randomize the exponential backoff so that clients don't retry in step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Upper bound on a delay taken from a Retry-After header (429 and 503 answers). Default 10 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retry POST and PATCH requests like any other. When false (the default) they are retried only if they carry an
    /// <c>Idempotency-Key</c> header or the connection was refused, so the server never saw them.
    /// </summary>
    public bool RetryNonIdempotent { get; set; }

    /// <summary>
    /// Whether the handler has a circuit breaker (the default). Clients whose calls go to many unrelated endpoints, or whose
    /// failures are retried by their callers, may turn it off so that one failing endpoint does not stop the others.
    /// </summary>
    public bool CircuitBreakerEnabled { get; set; } = true;

    /// <summary>Share of failed calls within the sampling duration that opens the circuit. Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Window over which the failure ratio is measured. Default 30 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls needed within the window before the circuit may open. Default 20.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>How long an open circuit rejects calls before letting one through. Default 5 s.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for each attempt; a timed-out attempt is retried. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
