namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>amoCRM answered with an error (problem+json, or an HTML page for 429 and 5xx).</summary>
public sealed class AmoCrmApiException(int statusCode, string title, string? detail, IReadOnlyList<string> failedRequestIds)
    : Exception($"amoCRM answered {statusCode}: {title}{(detail is null ? "" : " — " + detail)}")
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>The <c>request_id</c>s that <c>validation-errors</c> names (a 400 of a batch).</summary>
    public IReadOnlyList<string> FailedRequestIds { get; } = failedRequestIds;

    /// <summary>How long amoCRM asked us to wait (Retry-After on a 429 or 503), passed on to the caller.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>amoCRM certainly did nothing: a client error (4xx). A 5xx or 408 may have happened anyway.</summary>
    public bool NotApplied => StatusCode is >= 400 and < 500 and not 408;
}
