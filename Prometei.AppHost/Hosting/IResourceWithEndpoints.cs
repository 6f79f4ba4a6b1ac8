namespace Prometei.AppHost.Hosting;

/// <summary>A resource that listens on endpoints; <see cref="ResourceBuilderExtensions.WithReference{T}(IResourceBuilder{T}, IResourceBuilder{IResourceWithEndpoints})"/> hands them to others as <c>services__{name}__{scheme}__0</c>.</summary>
public interface IResourceWithEndpoints : IResource
{
    /// <summary>The endpoints, each with a port chosen when the application is built.</summary>
    IReadOnlyList<EndpointReference> Endpoints { get; }
}
