namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>A named address of a resource: an endpoint, or a link such as the Studio.</summary>
/// <param name="Name">The endpoint's name or the link's text.</param>
/// <param name="Url">The address.</param>
public sealed record ResourceLink(string Name, string Url);
