namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>Finds the folder with PostgreSQL's server programs (initdb, pg_ctl, postgres).</summary>
internal static class PostgresPrograms
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private static readonly string[] s_programs = ["initdb", "pg_ctl", "postgres"];

    /// <summary>
    /// <c>AppHost:Postgres:BinPath</c> when configured, else <c>pg_config --bindir</c>, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c>, else the folder of <c>initdb</c> on PATH.
    /// </summary>
    /// <exception cref="PostgresUnavailableException">None holds the three programs.</exception>
    public static async Task<string> LocateAsync(string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasPrograms(configured)
                ? Path.GetFullPath(configured)
                : throw new PostgresUnavailableException($"AppHost:Postgres:BinPath is '{configured}', which lacks {string.Join(", ", s_programs)}.");
        }

        var candidates = new List<string>();
        try
        {
            var pgConfig = await Processes.Command.RunAsync(["pg_config", "--bindir"], TimeSpan.FromSeconds(30), cancellationToken);
            if (pgConfig.Succeeded && pgConfig.StandardOutput.Trim() is { Length: > 0 } folder)
            {
                candidates.Add(folder);
            }
        }
        catch (FileNotFoundException)
        {
            // No pg_config (it comes with the client or dev packages); the other places remain.
        }

        if (Directory.Exists(DebianRoot))
        {
            candidates.AddRange(Directory.EnumerateDirectories(DebianRoot)
                .Select(folder => (Folder: folder, Major: int.TryParse(Path.GetFileName(folder), out var major) ? major : -1))
                .Where(entry => entry.Major > 0)
                .OrderByDescending(entry => entry.Major)
                .Select(entry => Path.Combine(entry.Folder, "bin")));
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = new FileInfo(Path.Combine(folder, "initdb"));
            if (initdb.Exists && Path.GetDirectoryName(initdb.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullName) is { } target)
            {
                candidates.Add(target);
            }
        }

        return candidates.Distinct(StringComparer.Ordinal).FirstOrDefault(HasPrograms)
            ?? throw new PostgresUnavailableException(
                (candidates.Count == 0
                    ? $"no pg_config, no {DebianRoot}/*/bin and no initdb on PATH"
                    : $"none of {string.Join(", ", candidates.Distinct(StringComparer.Ordinal))} holds initdb, pg_ctl and postgres")
                + " (install them with `apt-get install -y postgresql`, or set AppHost__Postgres__BinPath)");
    }

    private static bool HasPrograms(string folder) => s_programs.All(program => File.Exists(Path.Combine(folder, program)));
}
