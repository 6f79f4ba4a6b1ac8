namespace Prometei.AppHost.Hosting;

/// <summary>Reads <c>.env</c> files into the environment; variables already set win, and so does the first file.</summary>
internal static class DotEnvFiles
{
    public static IReadOnlyList<string> Load(params string[] folders)
    {
        var loaded = new List<string>();
        foreach (var folder in folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, ".env");
            if (File.Exists(path))
            {
                DotNetEnv.Env.NoClobber().Load(path);
                loaded.Add(path);
            }
        }

        return loaded;
    }
}
