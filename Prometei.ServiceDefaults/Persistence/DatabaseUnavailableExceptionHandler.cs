using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Prometei.ServiceDefaults.Persistence;

/// <summary>
/// A request that needed the database while it could not be reached gets <c>503</c> <c>application/problem+json</c> with
/// <c>Retry-After</c>, at once (Npgsql fails fast on a refused or dropped connection), and the outage is logged once by
/// <see cref="DatabaseOutage"/> rather than a stack trace per request. Nothing was stored: a caller such as amoCRM counts
/// the delivery as failed and sends it again, and the catch-up reads what it gave up on.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems, DatabaseOutage outage) : IExceptionHandler
{
    /// <summary>The seconds a refused caller is asked to wait (<c>Retry-After</c>).</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        outage.Failed($"{httpContext.Request.Method} {httpContext.Request.Path}", exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = "Nothing was stored; send the request again later.",
            },
        });
    }
}
