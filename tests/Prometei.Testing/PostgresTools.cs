using System.Globalization;
using System.Text;

namespace Prometei.Testing;

/// <summary>
/// Runs the PostgreSQL programs of one bin folder, as the <c>postgres</c> system user (through <c>runuser</c>) when this
/// process is root, and stops postmasters.
/// </summary>
internal sealed class PostgresTools(string binDirectory, bool runAsPostgres)
{
    private const string PidFileName = "postmaster.pid";
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(30);

    public string BinDirectory { get; } = binDirectory;

    /// <summary>Whether the programs run as the postgres system user, because this process is root.</summary>
    public bool RunAsPostgres { get; } = runAsPostgres;

    /// <summary>The command line that runs <paramref name="tool"/> as the right user.</summary>
    public string[] Command(string tool)
    {
        var program = Path.Combine(BinDirectory, tool);
        return RunAsPostgres ? ["runuser", "-u", SystemUser.PostgresUser, "--", program] : [program];
    }

    public Task<ProcessResult> RunAsync(
        string tool,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var command = Command(tool);
        return ProcessRunner.RunAsync(command[0], [.. command[1..], .. arguments], workingDirectory, timeout, cancellationToken);
    }

    /// <summary>
    /// Stops the postmaster of <paramref name="dataDirectory"/>: fast shutdown, immediate after <paramref name="fastTimeout"/>,
    /// then a kill. Returns null when none runs any more, else what went wrong.
    /// </summary>
    public async Task<string?> StopPostmasterAsync(string dataDirectory, string workingDirectory, TimeSpan fastTimeout)
    {
        if (FindPostmaster(dataDirectory) is null)
        {
            return null;
        }

        var failures = new StringBuilder();
        foreach (var (mode, timeout) in new[] { ("fast", fastTimeout), ("immediate", TimeSpan.FromSeconds(10)) })
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            try
            {
                var result = await RunAsync(
                    "pg_ctl",
                    ["-D", dataDirectory, "-m", mode, "-w", "-t", seconds, "stop"],
                    workingDirectory,
                    timeout + s_grace,
                    CancellationToken.None);
                if (!result.Succeeded)
                {
                    failures.AppendLine(result.Describe());
                }
            }
            catch (Exception ex) when (ex is TimeoutException or FileNotFoundException)
            {
                failures.AppendLine(ex.Message);
            }

            if (FindPostmaster(dataDirectory) is null)
            {
                return null;
            }
        }

        if (FindPostmaster(dataDirectory) is { } pid && ProcessRunner.TryGetProcess(pid) is { } postmaster)
        {
            using (postmaster)
            {
                try
                {
                    postmaster.Kill(entireProcessTree: true);
                    postmaster.WaitForExit(TimeSpan.FromSeconds(10));
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    failures.AppendLine("Killing the postmaster failed: " + ex.Message);
                }
            }
        }

        return FindPostmaster(dataDirectory) is null ? null : failures.ToString();
    }

    /// <summary>The process id of the running postmaster of <paramref name="dataDirectory"/>, per its postmaster.pid, or null.</summary>
    public static int? FindPostmaster(string dataDirectory)
    {
        string firstLine;
        try
        {
            using var reader = new StreamReader(new FileStream(
                Path.Combine(dataDirectory, PidFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            firstLine = reader.ReadLine() ?? "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!int.TryParse(firstLine.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        using var process = ProcessRunner.TryGetProcess(pid);
        return process is not null && ProcessRunner.IsAlive(process) && process.ProcessName == "postgres" ? pid : null;
    }
}
