using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;
using Prometei.Api.Sync;
using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Hosting;

/// <summary>
/// The one place where exceptions become answers: a vendor that stopped or failed is a 502/503 problem (logged with its
/// status, never a body or a token, and kept in the error log), bad input that reached the framework a 4xx, anything else a
/// 500 without details. A sync that waits its turn (503 busy) is no failure: logged, not kept in the error log.
/// </summary>
public sealed class GatewayExceptionHandler(IProblemDetailsService problems, ErrorLog errors, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DatabaseOutage.IsUnavailable(exception))
        {
            // The ledger cannot be reached (nor its error log written): DatabaseUnavailableExceptionHandler answers 503.
            return false;
        }

        var (status, title, detail, source) = exception switch
        {
            AmoCrmUnavailableException e => (503, "amoCRM calls are stopped", $"{e.State}: {e.Reason}", "amocrm"),
            AmoCrmApiException e => (e.StatusCode is 429 or >= 500 ? 503 : 502, "amoCRM answered with an error", $"{e.StatusCode} {e.Title}", "amocrm"),
            KaspiApiException e => (e.StatusCode is 429 or >= 500 ? 503 : 502, "Kaspi answered with an error", e.Message, "kaspi"),
            ErpApiException e => (e.StatusCode is 429 or >= 500 ? 503 : 502, "The ERP answered with an error", $"{e.StatusCode} {e.Title}", "erp"),
            ReconcileBusyException e => (409, "Reconcile busy", e.Message, "kaspi"),
            SyncBusyException e => (503, "Kaspi sync busy", e.Message, "kaspi"),
            BadHttpRequestException e => (e.StatusCode, "Bad request", "The request could not be read.", "api"),
            HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException =>
                (503, "A vendor did not answer", exception.GetType().Name, "vendor"),
            _ => (500, "Unexpected error", "The error was logged.", "api"),
        };

        if (status >= 500)
        {
            if (exception is SyncBusyException)
            {
                // Not a failure: another sync is still running, and the caller's retry gets its turn.
                GatewayLog.Busy(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", detail);
            }
            else
            {
                if (status == 500)
                {
                    GatewayLog.Unexpected(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception);
                }
                else
                {
                    GatewayLog.VendorFailed(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", status, detail);
                }

                await errors.AddAsync(source, $"{httpContext.Request.Method} {httpContext.Request.Path}", $"{title}: {detail}", null, CancellationToken.None);
            }
        }

        httpContext.Response.StatusCode = status;

        // The caller (the workflow engine) owns the retry of a failed vendor call: it gets the vendor's own Retry-After when
        // there is one, and otherwise uses its backoff.
        var retryAfter = exception switch
        {
            AmoCrmApiException e => e.RetryAfter,
            ErpApiException e => e.RetryAfter,
            SyncBusyException => TimeSpan.FromSeconds(5),
            _ => null,
        };
        if (status == 503 && retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
