namespace Prometei.AppHost.Hosting;

/// <summary>A resource that runs as a process and takes environment variables.</summary>
public interface IResourceWithEnvironment : IResource
{
    /// <summary>The variables set for the process, resolved when it starts.</summary>
    IDictionary<string, EnvironmentValue> Environment { get; }
}
