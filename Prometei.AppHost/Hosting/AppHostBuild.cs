using System.Reflection;

namespace Prometei.AppHost.Hosting;

/// <summary>What the AppHost's build recorded about itself: its project folder, configuration and target framework.</summary>
internal static class AppHostBuild
{
    private static readonly Dictionary<string, string?> s_metadata = typeof(AppHostBuild).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    /// <summary>The folder of Prometei.AppHost.csproj.</summary>
    public static string ProjectDirectory => Metadata("Prometei.AppHost.ProjectDirectory");

    /// <summary>Debug or Release: the services are run from the same configuration's output.</summary>
    public static string Configuration => Metadata("Prometei.AppHost.Configuration");

    public static string TargetFramework => Metadata("Prometei.AppHost.TargetFramework");

    /// <summary>The folder that holds Prometei.sln (the repository), or the AppHost's parent folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(ProjectDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Prometei.sln")))
                {
                    return folder.FullName;
                }
            }

            return Path.GetDirectoryName(ProjectDirectory) ?? ProjectDirectory;
        }
    }

    /// <summary><c>{project folder}/bin/{Configuration}/{TargetFramework}/{project name}.dll</c>.</summary>
    public static string OutputAssemblyOf(string projectPath) => Path.Combine(
        Path.GetDirectoryName(projectPath)!,
        "bin",
        Configuration,
        TargetFramework,
        Path.GetFileNameWithoutExtension(projectPath) + ".dll");

    private static string Metadata(string key) =>
        s_metadata.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new InvalidOperationException($"The AppHost assembly lacks its build metadata '{key}'; build it with dotnet build.");
}
