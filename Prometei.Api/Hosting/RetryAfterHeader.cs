namespace Prometei.Api.Hosting;

/// <summary>Reads a vendor's <c>Retry-After</c> (seconds or an HTTP date) so that it reaches the caller who owns the retry.</summary>
public static class RetryAfterHeader
{
    public static TimeSpan? Read(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date - DateTimeOffset.UtcNow);
        return delay is { } value ? (value < TimeSpan.Zero ? TimeSpan.Zero : value) : null;
    }
}
