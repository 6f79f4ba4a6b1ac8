namespace Prometei.ServiceDefaults.Resilience;

/// <summary>
/// Buffers a request's body before the resilience handler sees it, so that a retry sends the same bytes even when the
/// caller's content is a stream that can be read once.
/// </summary>
internal sealed class RequestBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
