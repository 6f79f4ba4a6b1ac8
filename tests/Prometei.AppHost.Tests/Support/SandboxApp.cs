using System.Globalization;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests.Support;

/// <summary>
/// The AppHost run in-process by Aspire.Hosting.Testing in sandbox mode, on its own data folder, with known secrets and
/// optionally the dashboard (for its telemetry API). Records the process ids of everything it starts.
/// </summary>
public sealed class SandboxApp : IAsyncDisposable
{
    public const string WebhookSecret = "test-webhook-secret";
    public const string ElsaApiKey = "test-elsa-api-key";
    public const string OperatorPassword = "test-operator-password";
    public const string DashboardApiKey = "test-dashboard-api-key";
    public static readonly string[] Services = ["postgres", "api", "workflows", "vendors"];

    private readonly DistributedApplication _app;
    private readonly ITestOutputHelper _output;
    private readonly Dictionary<int, string> _processes = [];

    private SandboxApp(DistributedApplication app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
    }

    /// <summary>The dashboard's address when it runs (its telemetry API answers <see cref="DashboardApiKey"/>).</summary>
    public Uri? Dashboard { get; private set; }

    /// <summary>Every process seen so far (the resources', the orchestrator's and their descendants), by id with its command line.</summary>
    public IReadOnlyDictionary<int, string> Processes => _processes;

    public static async Task<SandboxApp> StartAsync(string dataFolder, ITestOutputHelper output, bool dashboard = false)
    {
        List<string> arguments =
        [
            $"AppHost:DataPath={dataFolder}",
            "AppHost:Sandbox=true",
            "Parameters:postgres-password=test-postgres-password",
            "Parameters:api-internal-key=test-api-internal-key",
            "Parameters:admin-password=test-admin-password",
            $"Parameters:studio-operator-password={OperatorPassword}",
            $"Parameters:elsa-api-key={ElsaApiKey}",
            $"Parameters:amocrm-webhook-secret={WebhookSecret}",
        ];
        if (dashboard)
        {
            arguments.Add($"AppHost:DashboardApiKey={DashboardApiKey}");
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Prometei_AppHost>(
            [.. arguments],
            (options, _) =>
            {
                options.DisableDashboard = !dashboard;
                options.AllowUnsecuredTransport = true;
            });
        // The resources' console lines are on the dashboard (and in the test's failure output when one fails to start).
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Prometei.AppHost.Resources", LogLevel.Error)
            .AddFilter("Aspire.Hosting", LogLevel.Warning));
        var app = await builder.BuildAsync();
        var sandbox = new SandboxApp(app, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await app.StartAsync(timeout.Token);
        return sandbox;
    }

    /// <summary>Waits until every resource is healthy (and the init step has finished); returns how long it took.</summary>
    public async Task WaitAllHealthyAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _app.ResourceNotifications.WaitForResourceAsync("postgres-init", KnownResourceStates.Finished, cancellation.Token);
        foreach (var name in Services)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellation.Token);
        }

        RecordProcesses();
        foreach (var resource in _app.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            if (_app.ResourceNotifications.TryGetCurrentState(resource.Name, out var state))
            {
                _output.WriteLine($"resource {resource.Name}: {state.Snapshot.State?.Text} {string.Join(" ", state.Snapshot.Urls.Select(u => u.Url))}");
                // The dashboard's login link carries its (proxied) address.
                if (state.Snapshot.Urls.FirstOrDefault(u => u.Url.Contains("/login", StringComparison.Ordinal)) is { } login)
                {
                    Dashboard = new Uri(new Uri(login.Url).GetLeftPart(UriPartial.Authority));
                }
            }
        }
    }

    public Uri Endpoint(string resource) => _app.GetEndpoint(resource, resource == "postgres" ? "tcp" : "http");

    /// <summary>The process ids the orchestrator reports for each resource, the orchestrator's own, and their descendants.</summary>
    public void RecordProcesses()
    {
        var all = ProcessTable.All();
        var roots = new HashSet<int>();
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources)
        {
            if (_app.ResourceNotifications.TryGetCurrentState(resource.Name, out var state)
                && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
                && int.TryParse(Convert.ToString(pid, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                roots.Add(id);
            }
        }

        // The orchestrator watches this process: dcp start-apiserver --monitor {our pid}.
        roots.UnionWith(all.Where(p => p.CommandLine.Contains("dcp", StringComparison.Ordinal)
            && p.CommandLine.Contains($"--monitor {Environment.ProcessId}", StringComparison.Ordinal)).Select(p => p.ProcessId));
        foreach (var process in all.Where(p => roots.Contains(p.ProcessId)).Concat(ProcessTable.Descendants(roots, all)))
        {
            _processes.TryAdd(process.ProcessId, process.CommandLine);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or fails with what was awaited.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> awaited)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                last = ex;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {awaited()}.{(last is null ? "" : " Last error: " + last.Message)}");
    }

    /// <summary>The ERP fake's tasks, as it recorded them.</summary>
    public async Task<JsonArray> ErpTasksAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri(Endpoint("vendors"), "/_control/erp/tasks")))!.AsArray();

    public async ValueTask DisposeAsync()
    {
        RecordProcesses();
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _output.WriteLine($"apphost stopped and disposed in {stopped.Elapsed.TotalSeconds:F1} s");
    }
}
