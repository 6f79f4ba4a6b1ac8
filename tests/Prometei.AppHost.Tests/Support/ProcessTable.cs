using System.Globalization;

namespace Prometei.AppHost.Tests.Support;

/// <summary>What runs on this machine, read from /proc: to prove that nothing the AppHost started outlives it.</summary>
public static class ProcessTable
{
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

    /// <summary>Every descendant of <paramref name="roots"/> in <paramref name="all"/>.</summary>
    public static IReadOnlyList<ProcessEntry> Descendants(IReadOnlyCollection<int> roots, IReadOnlyList<ProcessEntry> all)
    {
        var found = new Dictionary<int, ProcessEntry>();
        var parents = new HashSet<int>(roots);
        for (var added = true; added;)
        {
            added = false;
            foreach (var child in all.Where(p => !found.ContainsKey(p.ProcessId) && parents.Contains(p.ParentId)))
            {
                found[child.ProcessId] = child;
                parents.Add(child.ProcessId);
                added = true;
            }
        }

        return [.. found.Values];
    }

    /// <summary>
    /// What an AppHost process started, directly or through the orchestrator: its descendants, and the orchestrator (DCP
    /// detaches from it, and watches it with <c>--monitor {pid}</c>) with its descendants.
    /// </summary>
    public static IReadOnlyList<ProcessEntry> StartedBy(int appHostProcessId)
    {
        var all = All();
        var found = new Dictionary<int, ProcessEntry>();
        var roots = new HashSet<int> { appHostProcessId };
        for (var added = true; added;)
        {
            added = false;
            foreach (var process in Descendants(roots, all).Concat(all.Where(p => roots.Any(r =>
                p.CommandLine.Contains("dcp", StringComparison.Ordinal) && p.CommandLine.Contains($"--monitor {r} ", StringComparison.Ordinal)))))
            {
                if (found.TryAdd(process.ProcessId, process))
                {
                    roots.Add(process.ProcessId);
                    added = true;
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>Those of <paramref name="processes"/> (id and command line) still running: the same id with the same command line.</summary>
    public static IReadOnlyList<ProcessEntry> StillRunning(IReadOnlyDictionary<int, string> processes) =>
        [.. All().Where(p => processes.TryGetValue(p.ProcessId, out var commandLine) && commandLine == p.CommandLine)];
}

/// <summary>A process as /proc shows it.</summary>
public sealed record ProcessEntry(int ProcessId, int ParentId, int SessionId, string CommandLine);
