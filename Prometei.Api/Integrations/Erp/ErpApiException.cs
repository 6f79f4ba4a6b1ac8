namespace Prometei.Api.Integrations.Erp;

/// <summary>The ERP answered with an error (problem+json).</summary>
public sealed class ErpApiException(int statusCode, string title, string? detail) : Exception($"The ERP answered {statusCode}: {title}")
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>How long the ERP asked us to wait (Retry-After on a 429 or 503), passed on to the caller.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
