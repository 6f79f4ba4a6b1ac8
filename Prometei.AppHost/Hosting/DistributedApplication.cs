using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Prometei.AppHost.Hosting.Dashboard;
using Prometei.AppHost.Hosting.Orchestration;
using Prometei.AppHost.Hosting.Processes;

namespace Prometei.AppHost.Hosting;

/// <summary>
/// The built application (Aspire's <c>DistributedApplication</c>): <see cref="Run"/> starts the dashboard and every resource,
/// prints where they are, and on Ctrl+C or SIGTERM stops them all, PostgreSQL last, leaving no process behind.
/// </summary>
public sealed class DistributedApplication
{
    private const int DefaultDashboardPort = 18888;

    private readonly DistributedApplicationBuilder _builder;
    private readonly IReadOnlyList<IResource> _resources;

    internal DistributedApplication(DistributedApplicationBuilder builder, IReadOnlyList<IResource> resources)
    {
        _builder = builder;
        _resources = resources;
    }

    /// <summary>Creates the builder on which resources are declared.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    /// <summary>Runs until Ctrl+C or SIGTERM; the exit code is 1 when a resource could not be started.</summary>
    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    /// <inheritdoc cref="Run"/>
    public async Task<int> RunAsync()
    {
        var console = new AppHostConsole();
        using var shutdown = new ShutdownSignal(() =>
        {
            console.Error("Second signal: exiting now; the watchdog stops what is left.");
            Environment.Exit(130);
        });
        var runDirectory = Path.Combine(_builder.DataDirectory, "run");
        var watchdog = new ChildProcessWatchdog(runDirectory);
        DataFolderLock folderLock;
        try
        {
            (folderLock, var note) = await DataFolderLock.AcquireAsync(runDirectory, watchdog.ScriptPath, shutdown.Token);
            if (note is not null)
            {
                console.Line(note);
            }
        }
        catch (InvalidOperationException ex)
        {
            console.Error(ex.Message);
            return 1;
        }

        using (folderLock)
        using (watchdog)
        {
            watchdog.Start();
            using var context = new RunContext(_builder.Configuration, _builder.DataDirectory, watchdog, console);
            await using var orchestrator = new ResourceOrchestrator(_resources, context);
            var parameters = _resources.OfType<ParameterResource>().ToList();
            await using var dashboard = await DashboardServer.StartAsync(orchestrator, parameters, DashboardPort(console), shutdown.Token);
            PrintBanner(console, dashboard, parameters);

            var exitCode = 0;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await orchestrator.StartAllAsync(shutdown.Token);
                console.Line(string.Create(CultureInfo.InvariantCulture, $"All resources are running and healthy ({stopwatch.Elapsed.TotalSeconds:0.0} s). Ctrl+C stops everything."));
                await Task.Delay(Timeout.Infinite, shutdown.Token);
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM.
            }
            catch (ResourceStartException ex)
            {
                console.Error($"{ex.Resource} could not be started (why: above, and in its log on the dashboard); stopping everything.");
                exitCode = 1;
            }

            console.Line("Stopping every resource…");
            await orchestrator.StopAllAsync();
            console.Line("Stopped.");
            return exitCode;
        }
    }

    private int DashboardPort(AppHostConsole console)
    {
        var configured = _builder.Configuration.GetValue<int?>("AppHost:DashboardPort");
        var port = configured ?? DefaultDashboardPort;
        if (port > 0 && !DistributedApplicationBuilder.IsFree(port))
        {
            console.Line(string.Create(CultureInfo.InvariantCulture, $"Port {port} is taken; the dashboard gets another one (set AppHost__DashboardPort to choose)."));
            return 0;
        }

        return port;
    }

    private void PrintBanner(AppHostConsole console, DashboardServer dashboard, List<ParameterResource> parameters)
    {
        console.Plain("");
        console.Plain($"Prometei AppHost (pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)})");
        console.Plain($"  Dashboard:   {dashboard.LoginUrl}");
        foreach (var resource in _resources.OfType<ExecutableResource>())
        {
            var links = string.Join("  ", resource.Urls.Where(u => u.DisplayText != "health").Select(u => $"{u.DisplayText} {u.Url}"));
            console.Plain($"  {resource.Name,-12} {resource.Endpoints.FirstOrDefault()?.Url}  {links}".TrimEnd());
        }

        console.Plain($"  Data folder: {_builder.DataDirectory} (PostgreSQL data, parameters.json, logs/)");
        foreach (var file in _builder.EnvironmentFiles)
        {
            console.Plain($"  Read {file}");
        }

        foreach (var note in _builder.StartupNotes)
        {
            console.Plain("  " + note);
        }

        var generated = parameters.Where(p => p.WasGenerated).ToList();
        if (generated.Count > 0)
        {
            console.Plain($"  Generated now, kept in {Path.Combine(_builder.DataDirectory, "parameters.json")} and printed only this once:");
            foreach (var parameter in generated)
            {
                console.Plain($"    {parameter.Name} = {parameter.Value}");
            }
        }

        console.Plain("  Passwords and keys: the dashboard's Parameters, or parameters.json in the data folder. The Studio's user is 'operator',");
        console.Plain("  the Api's operations user 'admin'.");
        console.Plain("");
    }
}
