namespace Prometei.AppHost.Hosting;

/// <summary>
/// A service project the AppHost references; the build generates one class per project in the namespace <c>Projects</c>
/// (<c>Projects.Prometei_Api</c>), as Aspire does, for <see cref="ProjectResourceBuilderExtensions.AddProject{TProject}"/>.
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The full path of the project file.</summary>
    string ProjectPath { get; }
}
