namespace Prometei.AppHost.Hosting;

/// <summary><c>AddExecutable</c>: any program as a resource (Aspire's <c>AddExecutable</c>).</summary>
public static class ExecutableResourceBuilderExtensions
{
    /// <summary>Adds a program, run in <paramref name="workingDirectory"/> (relative to the AppHost's folder) with <paramref name="args"/>.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this DistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args) =>
        builder.AddResource(new ExecutableResource(name, command, Path.GetFullPath(workingDirectory, builder.AppHostDirectory)))
            .WithArgs(args);
}
