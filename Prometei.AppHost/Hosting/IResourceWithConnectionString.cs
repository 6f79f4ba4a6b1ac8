namespace Prometei.AppHost.Hosting;

/// <summary>A resource others reach through a connection string, given to them as <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection string, once the resource is provisioned (waits for that).</summary>
    ValueTask<string> GetConnectionStringAsync(CancellationToken cancellationToken);
}
