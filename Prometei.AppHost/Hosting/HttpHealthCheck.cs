namespace Prometei.AppHost.Hosting;

/// <summary>The resource is healthy while <c>GET {endpoint}{Path}</c> answers 200.</summary>
/// <param name="Endpoint">The endpoint to ask.</param>
/// <param name="Path">The health path, e.g. <c>/health</c>.</param>
public sealed record HttpHealthCheck(EndpointReference Endpoint, string Path)
{
    /// <summary>The absolute URL that is polled.</summary>
    public Uri Url => new(Endpoint.Url + Path);
}
