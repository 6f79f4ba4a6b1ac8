using System.Collections.Concurrent;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.Benchmarks.Chaos;

/// <summary>
/// The chaos suite's processes: Prometei.Api on a fixed port (the workflows reach it there after every restart) and two
/// Prometei.Workflows nodes behind the test proxy. <see cref="KillAndRestartAsync"/> SIGKILLs one and starts it again with
/// the same settings. A restarted node joins the proxy as a load balancer with a readiness probe lets it: on a new port,
/// once it answers its health check and has taken one warm-up delivery (until then the proxy sends to the other node; the
/// dead one's address refuses connections, and the proxy goes on to the next). Every process's output is kept, so alerts can
/// be counted across restarts.
/// </summary>
internal sealed class ChaosCluster(
    IReadOnlyDictionary<string, string?> apiEnvironment, int apiPort, IReadOnlyList<IReadOnlyDictionary<string, string?>> nodes, Func<Uri, Task> warmUp) : IAsyncDisposable
{
    public const string Api = "api";

    private readonly ConcurrentDictionary<string, ServiceProcess> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<ServiceProcess> _all = [];

    public Uri ApiAddress { get; } = new($"http://127.0.0.1:{apiPort}/");

    /// <summary>Set before the first start: where the proxy is told that a restarted node replaces the dead one.</summary>
    public RoundRobinProxy? Proxy { get; set; }

    /// <summary>The nodes' current addresses, in order.</summary>
    public IReadOnlyList<Uri> NodeAddresses => [.. Targets.Skip(1).Select(t => _running[t].BaseAddress)];

    /// <summary>The names of the processes that can be killed: <c>api</c>, <c>node-1</c>, <c>node-2</c>.</summary>
    public IReadOnlyList<string> Targets { get; } = [Api, .. nodes.Select((_, i) => "node-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Everything every Api process wrote (all restarts).</summary>
    public string ApiOutput => string.Join('\n', _all.Where(p => p.Name == "Prometei.Api").Select(p => p.Output));

    public async Task StartAsync()
    {
        foreach (var target in Targets)
        {
            await StartOneAsync(target);
        }
    }

    /// <summary>SIGKILL (no shutdown code runs), then the same program and settings again.</summary>
    public async Task KillAndRestartAsync(string target)
    {
        if (_running.TryRemove(target, out var process))
        {
            process.Kill();
        }

        await StartOneAsync(target);
        if (target != Api && process is not null)
        {
            await warmUp(_running[target].BaseAddress);
            Proxy?.Replace(process.BaseAddress, _running[target].BaseAddress);
        }
    }

    private async Task StartOneAsync(string target)
    {
        // A SIGKILLed process's port is free at once (Kestrel binds with SO_REUSEADDR); a start that fails under load is tried again.
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                var process = target == Api
                    ? await ServiceProcess.StartAsync("Prometei.Api", apiEnvironment, readyPath: "/alive", timeout: TimeSpan.FromMinutes(2), port: apiPort)
                    : await ServiceProcess.StartAsync("Prometei.Workflows", nodes[NodeIndex(target)], timeout: TimeSpan.FromMinutes(2));
                _all.Add(process);
                _running[target] = process;
                return;
            }
            catch (Exception ex) when (attempt < 3 && ex is InvalidOperationException or TimeoutException)
            {
                Engine.Report.Progress($"{target} did not start ({ex.GetType().Name}); trying again");
            }
        }
    }

    private static int NodeIndex(string target) => int.Parse(target["node-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;

    /// <summary>SIGTERM to every process (a clean stop), then disposal.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Values)
        {
            await process.StopAsync(TimeSpan.FromSeconds(30));
        }

        foreach (var process in _all)
        {
            await process.DisposeAsync();
        }
    }
}
