namespace Prometei.AppHost.Hosting;

/// <summary>
/// A .NET project of this repository, run from its build output as <c>dotnet {project}.dll</c> in the project folder (which
/// is where <c>dotnet run</c> runs it too: appsettings.json and relative paths resolve the same way).
/// </summary>
public sealed class ProjectResource : ExecutableResource
{
    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource name.</param>
    /// <param name="projectPath">The project file.</param>
    public ProjectResource(string name, string projectPath)
        : base(name, DotnetHost.Path, Path.GetDirectoryName(projectPath)!)
    {
        ProjectPath = projectPath;
    }

    /// <inheritdoc />
    public override string Kind => "Project";

    /// <summary>The project file.</summary>
    public string ProjectPath { get; }

    /// <summary>The built assembly: <c>{project folder}/bin/{Configuration}/{TargetFramework}/{project}.dll</c>, the AppHost's own configuration.</summary>
    public string AssemblyPath => AppHostBuild.OutputAssemblyOf(ProjectPath);

    /// <inheritdoc />
    public override IReadOnlyList<string> CommandLine() =>
        File.Exists(AssemblyPath)
            ? [Command, AssemblyPath, .. Args]
            : throw new FileNotFoundException(
                $"{AssemblyPath} is missing. Build the AppHost, which builds every service: dotnet build {Path.GetFileName(AppHostBuild.ProjectDirectory)} -c {AppHostBuild.Configuration}.",
                AssemblyPath);
}
