using System.Diagnostics;
using System.Globalization;

namespace Prometei.AppHost.Postgres;

/// <summary>Finds the installed PostgreSQL server programs, and whether they can run here (as the postgres user when root).</summary>
internal static class InstalledPrograms
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>The folder with <c>initdb</c> and <c>postgres</c>, or null with the reason in <paramref name="problem"/>.</summary>
    public static string? Locate(string? configured, out string problem)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            candidates.Add(configured);
        }
        else
        {
            if (Run("pg_config", "--bindir") is { Length: > 0 } bindir)
            {
                candidates.Add(bindir);
            }

            // Debian's layout: /usr/lib/postgresql/{major}/bin, newest first.
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0)
                    .Select(d => Path.Combine(d, "bin")));
            }

            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var bin = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")));
        if (bin is null)
        {
            problem = string.IsNullOrWhiteSpace(configured)
                ? "no initdb and postgres found (pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)"
                : $"no initdb and postgres in {configured} ({PostgresHosting.BinPathKey})";
            return null;
        }

        if (IsRoot)
        {
            if (Run("id", "-u", "postgres") is null)
            {
                problem = "running as root, PostgreSQL must run as the 'postgres' user, and there is none";
                return null;
            }

            if (Run("setpriv", "--version") is null)
            {
                problem = "running as root, PostgreSQL runs as 'postgres' through setpriv, which is missing (apt-get install -y util-linux)";
                return null;
            }
        }

        problem = "";
        return bin;
    }

    private static string? Run(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(TimeSpan.FromSeconds(10));
            return process.HasExited && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
