namespace Prometei.Api.Integrations.Kaspi;

/// <summary>Kaspi answered with an error: 400 (paging, filters, period), 401 (token), 403 (not activated), 404 (no Accept, wrong base).</summary>
public sealed class KaspiApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
