using System.Diagnostics;
using System.Globalization;

namespace Prometei.Testing;

/// <summary>
/// A shell loop that stops a server and deletes its folders once this process is gone. ProcessExit does not run when the
/// process is killed (SIGKILL from a test runner's hang timeout or Ctrl+C) or, in .NET, on an unhandled SIGTERM; this
/// covers those. Disposing it (on a normal stop) ends the loop.
/// </summary>
internal sealed class PostgresWatchdog : IDisposable
{
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 data=$2 work=$3 delete_work=$4 delete_data=$5
        shift 5
        alive() {
            kill -0 "$1" 2>/dev/null || return 1
            case "$(cat "/proc/$1/stat" 2>/dev/null)" in *") Z "*) return 1 ;; esac
        }
        while alive "$owner"; do sleep 1; done
        if [ -f "$data/postmaster.pid" ]; then "$@" -D "$data" -m immediate -w -t 10 stop; fi
        if [ "$delete_work" = 1 ]; then rm -rf "$work"; fi
        if [ "$delete_data" = 1 ]; then rm -rf "$data"; fi
        """;

    private readonly Process _process;

    private PostgresWatchdog(Process process) => _process = process;

    /// <summary>Starts the loop, or returns null where there is no /bin/sh (the ProcessExit handler and the orphan sweep remain).</summary>
    public static PostgresWatchdog? Start(
        PostgresTools tools,
        string dataDirectory,
        string workFolder,
        bool deleteWorkFolder,
        bool deleteData,
        Action<string> log)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            // Redirected rather than inherited: a test runner waits for the test host's output to close.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        string[] arguments =
        [
            "-c", Script, "prometei-pg-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            dataDirectory,
            workFolder,
            deleteWorkFolder ? "1" : "0",
            deleteData ? "1" : "0",
            .. tools.Command("pg_ctl"),
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) is { } process ? new PostgresWatchdog(process) : null;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log($"No watchdog for the PostgreSQL server ({ex.Message}); ProcessExit and the next start's orphan sweep still clean up.");
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
