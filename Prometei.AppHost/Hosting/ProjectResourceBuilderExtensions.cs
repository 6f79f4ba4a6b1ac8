namespace Prometei.AppHost.Hosting;

/// <summary><c>AddProject</c>: a service of this repository as a process, with what Aspire gives a project.</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>Adds the project <typeparamref name="TProject"/> (a class of the generated <c>Projects</c> namespace).</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject().ProjectPath);

    /// <summary>
    /// Adds a project by path (relative to the AppHost's folder): run from its build output, with an HTTP endpoint
    /// (<c>ASPNETCORE_URLS</c>), <c>ASPNETCORE_ENVIRONMENT=Development</c> (as its launch profile would) and
    /// <c>OTEL_SERVICE_NAME</c>. <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is not set: the dashboard has no OTLP receiver.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath)
    {
        var path = Path.GetFullPath(projectPath, builder.AppHostDirectory);
        if (Directory.Exists(path))
        {
            path = Directory.EnumerateFiles(path, "*.csproj").SingleOrDefault()
                ?? throw new InvalidOperationException($"The folder {path} does not hold exactly one project file.");
        }

        return builder.AddResource(new ProjectResource(name, path))
            .WithHttpEndpoint()
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("OTEL_SERVICE_NAME", name);
    }
}
