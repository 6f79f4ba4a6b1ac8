using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Prometei.AppHost.Hosting.Processes;

/// <summary>
/// Makes sure nothing the AppHost started outlives it. The AppHost keeps <c>{run}/cleanup.sh</c> current (the process groups
/// of its children, with their start times so that a reused pid is never hit, and the commands that stop PostgreSQL); a
/// detached <c>/bin/sh</c> loop runs that script once the AppHost's pid is gone: SIGKILL, a crash, a closed terminal.
/// A normal stop stops everything itself, then ends the loop and deletes the script. The next start runs a script left
/// behind by an AppHost whose watchdog could not (see <see cref="DataFolderLock"/>).
/// </summary>
internal sealed class ChildProcessWatchdog : IDisposable
{
    private const string Loop = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 script=$2
        alive() {
            kill -0 "$1" 2>/dev/null || return 1
            case "$(cat "/proc/$1/stat" 2>/dev/null)" in *") Z "*) return 1 ;; esac
        }
        while alive "$owner"; do sleep 1; done
        if [ -f "$script" ]; then sh "$script"; rm -f "$script"; fi
        """;

    private readonly object _lock = new();
    private readonly string _scriptPath;
    private readonly Dictionary<string, (int ProcessId, string StartTime, bool OwnGroup)> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _stopCommands = new(StringComparer.Ordinal);
    private Process? _loop;

    public ChildProcessWatchdog(string runDirectory)
    {
        _scriptPath = Path.Combine(runDirectory, "cleanup.sh");
    }

    /// <summary>The script a later start runs when this AppHost died without stopping its children.</summary>
    public string ScriptPath => _scriptPath;

    /// <summary>Starts the loop (Linux only; elsewhere the AppHost's own stop is all there is).</summary>
    public void Start()
    {
        Write();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var startInfo = new ProcessStartInfo(ProcessSignals.Setsid ?? "/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        string[] arguments = ["-c", Loop, "prometei-apphost-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _scriptPath];
        if (ProcessSignals.Setsid is not null)
        {
            startInfo.ArgumentList.Add("/bin/sh");
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        _loop = Process.Start(startInfo);
    }

    /// <summary>Remembers a child (and its process group when it has its own).</summary>
    public void TrackProcess(string key, int processId, bool ownGroup)
    {
        lock (_lock)
        {
            _processes[key] = (processId, StartTimeOf(processId), ownGroup);
            Write();
        }
    }

    /// <summary>Remembers a command that stops something that is not a child (PostgreSQL started by pg_ctl, a container).</summary>
    public void TrackStopCommand(string key, IReadOnlyList<string> command)
    {
        lock (_lock)
        {
            _stopCommands[key] = command;
            Write();
        }
    }

    public void Untrack(string key)
    {
        lock (_lock)
        {
            if (_processes.Remove(key) | _stopCommands.Remove(key))
            {
                Write();
            }
        }
    }

    /// <summary>Ends the loop and deletes the script: everything was stopped.</summary>
    public void Dispose()
    {
        if (_loop is { } loop)
        {
            ProcessSignals.Send(loop.Id, ownGroup: ProcessSignals.Setsid is not null, NativeMethods.SigKill);
            loop.WaitForExit(5_000);
            loop.Dispose();
            _loop = null;
        }

        File.Delete(_scriptPath);
    }

    /// <summary>Field 22 of <c>/proc/{pid}/stat</c>: when the process started, in clock ticks after boot.</summary>
    public static string StartTimeOf(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return "";
        }
    }

    private void Write()
    {
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"# Written by Prometei.AppHost (pid {Environment.ProcessId}): what to stop when it dies without stopping it.");
        script.AppendLine("same() { [ \"$(sed 's/.*) //' \"/proc/$1/stat\" 2>/dev/null | cut -d' ' -f20)\" = \"$2\" ]; }");
        script.AppendLine("signal() { if same \"$2\" \"$3\"; then [ \"$4\" = 1 ] && kill \"-$1\" -- \"-$2\" 2>/dev/null; kill \"-$1\" \"$2\" 2>/dev/null; fi; }");
        var children = _processes.Values.Select(p => string.Create(
            CultureInfo.InvariantCulture, $"{p.ProcessId} {Quote(p.StartTime)} {(p.OwnGroup ? 1 : 0)}")).ToList();
        if (children.Count > 0)
        {
            foreach (var child in children)
            {
                script.AppendLine(CultureInfo.InvariantCulture, $"signal TERM {child}");
            }

            script.AppendLine("i=0; while [ $i -lt 20 ]; do");
            script.AppendLine("  left=0");
            foreach (var p in _processes.Values)
            {
                script.AppendLine(CultureInfo.InvariantCulture, $"  same {p.ProcessId} {Quote(p.StartTime)} && left=1");
            }

            script.AppendLine("  [ $left = 0 ] && break; sleep 0.5; i=$((i+1))");
            script.AppendLine("done");
            foreach (var child in children)
            {
                script.AppendLine(CultureInfo.InvariantCulture, $"signal KILL {child}");
            }
        }

        foreach (var command in _stopCommands.Values)
        {
            script.AppendLine(string.Join(' ', command.Select(Quote)));
        }

        var temporary = _scriptPath + ".tmp";
        File.WriteAllText(temporary, script.ToString());
        File.Move(temporary, _scriptPath, overwrite: true);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
