using System.Globalization;

namespace Prometei.AppHost.Tests.Support;

/// <summary>What runs on this machine, read from /proc: to prove that nothing the AppHost started outlives it.</summary>
public static class ProcessTable
{
    /// <summary>The variable the AppHost sets in everything it starts, its value a run id.</summary>
    public const string RunIdVariable = "PROMETEI_APPHOST_RUN";

    /// <summary>The AppHost run id in the environment of <paramref name="processId"/>.</summary>
    public static string? RunIdOf(int processId) =>
        Environment(processId) is { } environment && environment.TryGetValue(RunIdVariable, out var runId) ? runId : null;

    /// <summary>The environment a process was started with, or null when it is gone.</summary>
    public static IReadOnlyDictionary<string, string>? Environment(int processId)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/environ");
            return text.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every live process as (pid, parent pid, session id, command line).</summary>
    public static IReadOnlyList<ProcessEntry> All()
    {
        var entries = new List<ProcessEntry>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is "Z" or "X")
                {
                    continue;
                }

                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ').Trim();
                entries.Add(new ProcessEntry(
                    pid,
                    int.Parse(fields[1], CultureInfo.InvariantCulture),
                    int.Parse(fields[3], CultureInfo.InvariantCulture),
                    commandLine));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone meanwhile.
            }
        }

        return entries;
    }

    public static bool IsAlive(int processId) => All().Any(p => p.ProcessId == processId);

    /// <summary>
    /// Processes left from one AppHost run: carrying its run id, in the session of one of <paramref name="sessions"/>
    /// (each child of the AppHost leads a session of its own), naming <paramref name="dataDirectory"/> on their command line
    /// (the postmaster, the watchdog), and their descendants (PostgreSQL's backends, each a session of its own).
    /// </summary>
    public static IReadOnlyList<ProcessEntry> LeftBehind(string runId, IReadOnlyCollection<int> sessions, string dataDirectory)
    {
        var all = All();
        var found = all.Where(p =>
                sessions.Contains(p.ProcessId)
                || sessions.Contains(p.SessionId)
                || p.CommandLine.Contains(dataDirectory, StringComparison.Ordinal)
                || RunIdOf(p.ProcessId) == runId)
            .ToDictionary(p => p.ProcessId);
        for (var added = true; added;)
        {
            added = false;
            foreach (var child in all.Where(p => !found.ContainsKey(p.ProcessId) && found.ContainsKey(p.ParentId)))
            {
                found[child.ProcessId] = child;
                added = true;
            }
        }

        return [.. found.Values];
    }
}

/// <summary>A process as /proc shows it.</summary>
public sealed record ProcessEntry(int ProcessId, int ParentId, int SessionId, string CommandLine);
