using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.Integrations;

/// <summary>
/// A vendor call that failed for a reason that may pass (no answer, a timeout, an open circuit, a 429 or a 5xx) after the
/// resilience pipeline's retries: worth trying again later, and no reason to give up the work that does not depend on it.
/// A refusal (other 4xx), a stopped amoCRM (<see cref="AmoCrmUnavailableException"/>) or the caller's own cancellation is not.
/// </summary>
public static class TransientFailure
{
    public static bool Is(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException when callerToken.IsCancellationRequested => false,
        KaspiApiException kaspi => kaspi.StatusCode is 408 or 429 or >= 500,
        AmoCrmApiException amo => amo.StatusCode is 408 or 429 or >= 500,
        HttpRequestException or TimeoutException or OperationCanceledException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException => true,
        _ => false,
    };

    /// <summary>A short reason for the ledger and the error log: the status or the exception's type, never a message that could carry data.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        KaspiApiException kaspi => $"Kaspi {kaspi.StatusCode}",
        AmoCrmApiException amo => $"amoCRM {amo.StatusCode} {amo.Title}",
        _ => exception.GetType().Name,
    };
}
