using System.Diagnostics;
using System.Globalization;
using Prometei.AppHost.Tests.Support;
using Prometei.Benchmarks.Engine;
using Xunit.Abstractions;

namespace Prometei.Benchmarks.AppHost;

/// <summary>
/// The <c>apphost</c> suite: the AppHost in sandbox mode through Aspire.Hosting.Testing (the orchestrator and every resource
/// as in <c>dotnet run</c>, dashboard off). Figures: from a fresh data folder to every resource healthy (initdb included),
/// the same on the kept folder, the services' resident memory after a minute idle (each workflows node), and the time
/// from stop to every process gone. Options: <c>idle-s=N</c> (default 60).
/// </summary>
internal static class AppHostBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var idle = TimeSpan.FromSeconds(args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "idle-s")
            .Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(60).First());
        var report = new Report();
        report.Header($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        using var data = new DataFolder();
        var log = new ConsoleOutput();

        Report.Progress("cold start: a fresh data folder");
        var cold = Stopwatch.StartNew();
        var app = await SandboxApp.StartAsync(data, log);
        await app.WaitAllHealthyAsync(TimeSpan.FromMinutes(10));
        report.Add("apphost_cold_start_s", cold.Elapsed.TotalSeconds, 2);

        Report.Progress($"idle for {idle.TotalSeconds:F0} s");
        await Task.Delay(idle);
        app.RecordProcesses();
        var workflows = Rss(app.Processes, "/Prometei.Workflows");
        var api = Rss(app.Processes, "/Prometei.Api");
        report.Add("workflows_idle_rss_mb", workflows.DefaultIfEmpty(0).Max(), 1);
        report.Add("workflows_nodes", workflows.Count);
        report.Add("api_idle_rss_mb", api.DefaultIfEmpty(0).Max(), 1);

        var processes = new Dictionary<int, string>(app.Processes);
        var stop = Stopwatch.StartNew();
        await app.DisposeAsync();
        while (ProcessTable.StillRunning(processes).Count > 0 && stop.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(100);
        }

        report.Add("apphost_stop_s", stop.Elapsed.TotalSeconds, 2);
        report.Add("processes_left_after_stop", ProcessTable.StillRunning(processes).Count);

        Report.Progress("warm start: the same data folder");
        var warm = Stopwatch.StartNew();
        await using (var again = await SandboxApp.StartAsync(data, log))
        {
            await again.WaitAllHealthyAsync(TimeSpan.FromMinutes(10));
            report.Add("apphost_warm_start_s", warm.Elapsed.TotalSeconds, 2);
        }

        report.Print();
        return 0;
    }

    /// <summary>Resident memory in MB of the processes whose command line ends with <paramref name="program"/> (the services, not <c>dotnet run</c>).</summary>
    private static List<double> Rss(IReadOnlyDictionary<int, string> processes, string program) =>
        [.. processes.Where(p => p.Value.EndsWith(program, StringComparison.Ordinal) || p.Value.Contains(program + " ", StringComparison.Ordinal))
            .Select(p => ReadRssKb(p.Key))
            .Where(kb => kb > 0)
            .Select(kb => kb / 1024.0)];

    private static long ReadRssKb(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The harness's log lines, to the console's error stream (figures go to standard output).</summary>
    private sealed class ConsoleOutput : ITestOutputHelper
    {
        public void WriteLine(string message) => Console.Error.WriteLine(message);

        public void WriteLine(string format, params object[] args) => Console.Error.WriteLine(format, args);
    }
}
