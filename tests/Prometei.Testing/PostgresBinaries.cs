using System.Globalization;

namespace Prometei.Testing;

/// <summary>Finds the folder with the PostgreSQL server programs.</summary>
internal static class PostgresBinaries
{
    public const string EnvironmentVariable = "PG_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";
    private static readonly string[] s_requiredPrograms = ["initdb", "pg_ctl", "postgres"];

    /// <summary>
    /// <paramref name="configured"/> if given, else <c>PG_BIN</c>, else <c>pg_config --bindir</c>, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c>, else the folder of <c>initdb</c> on PATH.
    /// </summary>
    /// <exception cref="InvalidOperationException">None of them holds initdb, pg_ctl and postgres; the message says how to install them.</exception>
    public static async Task<string> LocateAsync(string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasPrograms(configured)
                ? Path.GetFullPath(configured)
                : throw NotFound($"{nameof(PostgresServerOptions)}.{nameof(PostgresServerOptions.BinDirectory)} is '{configured}', which lacks them.");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return HasPrograms(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw NotFound($"{EnvironmentVariable} is '{fromEnvironment}', which lacks them.");
        }

        var looked = new List<string>();
        foreach (var candidate in await CandidatesAsync(cancellationToken))
        {
            if (HasPrograms(candidate))
            {
                return candidate;
            }

            looked.Add(candidate);
        }

        return looked.Count == 0
            ? throw NotFound($"{EnvironmentVariable} is not set, there is no pg_config, no {DebianRoot}/*/bin and no initdb on PATH.")
            : throw NotFound($"{EnvironmentVariable} is not set; looked in {string.Join(", ", looked)}.");
    }

    private static async Task<IEnumerable<string>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        if (await PgConfigBinDirectoryAsync(cancellationToken) is { } fromPgConfig)
        {
            candidates.Add(fromPgConfig);
        }

        candidates.AddRange(DebianBinDirectories());
        candidates.AddRange(PathBinDirectories());
        return candidates.Distinct(StringComparer.Ordinal);
    }

    private static async Task<string?> PgConfigBinDirectoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessRunner.RunAsync("pg_config", ["--bindir"], null, TimeSpan.FromSeconds(30), cancellationToken);
            var folder = result.StandardOutput.Trim();
            return result.Succeeded && folder.Length > 0 ? folder : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    // Debian and Ubuntu install each major version side by side: /usr/lib/postgresql/15/bin, /usr/lib/postgresql/16/bin.
    private static IEnumerable<string> DebianBinDirectories()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(folder => (Folder: folder, Version: ParseVersion(Path.GetFileName(folder))))
            .Where(entry => entry.Version is not null)
            .OrderByDescending(entry => entry.Version)
            .Select(entry => Path.Combine(entry.Folder, "bin"));
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static IEnumerable<string> PathBinDirectories()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = new FileInfo(Path.Combine(folder, "initdb"));
            if (!initdb.Exists)
            {
                continue;
            }

            // /usr/bin/initdb is often a link into the real bin folder, where pg_ctl and postgres live too.
            var target = initdb.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullName;
            if (Path.GetDirectoryName(target) is { } directory)
            {
                yield return directory;
            }
        }
    }

    private static bool HasPrograms(string folder) =>
        s_requiredPrograms.All(program => File.Exists(Path.Combine(folder, program)));

    private static InvalidOperationException NotFound(string detail) => new(string.Format(
        CultureInfo.InvariantCulture,
        "The PostgreSQL server programs ({0}) were not found: {1} Integration tests need a real PostgreSQL server and are " +
        "not skipped without one. Install it with `apt-get install -y postgresql` (Debian/Ubuntu; the programs land in " +
        "{2}/<version>/bin), or set {3} to the folder that holds initdb, pg_ctl and postgres.",
        string.Join(", ", s_requiredPrograms),
        detail,
        DebianRoot,
        EnvironmentVariable));
}
