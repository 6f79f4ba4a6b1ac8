using System.Globalization;

namespace Prometei.Benchmarks.Engine;

/// <summary>CPU seconds used, read from <c>/proc</c>: the whole machine, the workflow server, PostgreSQL and this process.</summary>
internal sealed class CpuMeter(int serverPid, string postgresDataDirectory)
{
    private static readonly double s_ticksPerSecond = 100; // USER_HZ, 100 on Linux

    public CpuSample Sample() => new(
        DateTime.UtcNow,
        MachineBusyAndTotal(),
        ProcessSeconds(serverPid, includeReaped: false),
        PostgresSeconds(),
        ProcessSeconds(Environment.ProcessId, includeReaped: false),
        ThreadSeconds(serverPid, TieredCompilationThread));

    /// <summary>
    /// The runtime's background tiered-compilation worker (thread name ".NET Tiered Compilation Worker", cut to 15 characters in
    /// <c>/proc</c>): it recompiles hot methods at tier 1 and says whether the server's JIT has settled.
    /// </summary>
    private const string TieredCompilationThread = ".NET Tiered Com";

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static (double Busy, double Total) MachineBusyAndTotal()
    {
        var line = File.ReadLines("/proc/stat").First();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) / s_ticksPerSecond, total / s_ticksPerSecond);
    }

    private double PostgresSeconds()
    {
        if (!int.TryParse(File.ReadLines(Path.Combine(postgresDataDirectory, "postmaster.pid")).First(), out var postmaster))
        {
            return double.NaN;
        }

        var sum = ProcessSeconds(postmaster, includeReaped: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != postmaster && ParentOf(pid) == postmaster)
            {
                sum += ProcessSeconds(pid, includeReaped: false);
            }
        }

        return sum;
    }

    /// <summary>CPU seconds of the process's threads with this name (<c>/proc/pid/task/tid/comm</c>).</summary>
    private static double ThreadSeconds(int pid, string name)
    {
        var sum = 0.0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (TryRead(Path.Combine(task, "comm"))?.TrimEnd('\n') == name && StatFields(task) is { } f)
                {
                    sum += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / s_ticksPerSecond;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process or a thread ended meanwhile.
        }

        return sum;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[]? StatFields(int pid) => StatFields($"/proc/{pid}");

    private static string[]? StatFields(string procDirectory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            // The command name is in parentheses and may hold spaces: the fields after it start at the last ')'.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid) => StatFields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>utime + stime (fields 14 and 15), with the reaped children's (16 and 17) when asked.</summary>
    private static double ProcessSeconds(int pid, bool includeReaped)
    {
        if (StatFields(pid) is not { } f)
        {
            return 0;
        }

        // f[0] is field 3 (state): field n is f[n - 3].
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (includeReaped)
        {
            ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        }

        return ticks / s_ticksPerSecond;
    }
}

/// <summary>One reading of <see cref="CpuMeter"/>; subtract two to get the CPU used in between.</summary>
internal sealed record CpuSample(DateTime At, (double Busy, double Total) Machine, double Server, double Postgres, double Benchmark, double ServerJit)
{
    public CpuUse Since(CpuSample earlier)
    {
        var wall = (At - earlier.At).TotalSeconds;
        var machineTotal = Machine.Total - earlier.Machine.Total;
        return new CpuUse(
            wall,
            machineTotal <= 0 ? double.NaN : (Machine.Busy - earlier.Machine.Busy) / machineTotal,
            Server - earlier.Server,
            Postgres - earlier.Postgres,
            Benchmark - earlier.Benchmark,
            ServerJit - earlier.ServerJit);
    }
}

/// <summary>
/// CPU seconds between two samples, and the machine's busy share (0..1 of all cores). <see cref="ServerJitSeconds"/> is the
/// part of the server's that its tiered-compilation worker took.
/// </summary>
internal sealed record CpuUse(double WallSeconds, double MachineBusyShare, double ServerSeconds, double PostgresSeconds, double BenchmarkSeconds, double ServerJitSeconds)
{
    /// <summary>The share of the machine (0..1 of all cores) that processes other than the server, PostgreSQL and this one used.</summary>
    public double OtherProcessesShare(int cores) =>
        Math.Max(0, MachineBusyShare - (ServerSeconds + PostgresSeconds + BenchmarkSeconds) / WallSeconds / cores);
}
