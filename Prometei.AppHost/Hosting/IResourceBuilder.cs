namespace Prometei.AppHost.Hosting;

/// <summary>What <c>Add…</c> returns: the resource, and the application it belongs to, for the <c>With…</c> extensions.</summary>
/// <typeparam name="T">The kind of resource.</typeparam>
public interface IResourceBuilder<out T> where T : IResource
{
    /// <summary>The application the resource was added to.</summary>
    DistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>The resource being configured.</summary>
    T Resource { get; }
}
