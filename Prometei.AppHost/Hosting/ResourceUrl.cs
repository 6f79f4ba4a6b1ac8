namespace Prometei.AppHost.Hosting;

/// <summary>A link the dashboard shows for a resource: a path on one of its endpoints.</summary>
/// <param name="Endpoint">The endpoint the path is on.</param>
/// <param name="Path">The path, starting with a slash.</param>
/// <param name="DisplayText">The link's text.</param>
public sealed record ResourceUrl(EndpointReference Endpoint, string Path, string DisplayText)
{
    /// <summary>The absolute URL.</summary>
    public string Url => Endpoint.Url + Path;
}
