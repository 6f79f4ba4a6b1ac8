namespace Prometei.Api.Integrations.Erp;

/// <summary>The ERP answered with an error (problem+json).</summary>
public sealed class ErpApiException(int statusCode, string title, string? detail) : Exception($"The ERP answered {statusCode}: {title}")
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;
}
