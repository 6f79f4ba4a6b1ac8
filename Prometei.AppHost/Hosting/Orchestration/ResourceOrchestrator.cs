using System.Globalization;
using Prometei.AppHost.Hosting.Postgres;

namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>
/// Runs the resources: each starts once what it waits for is running and healthy; each is health-checked while it runs;
/// at the end each stops after the resources that wait for it. The dashboard stops, starts and restarts single ones.
/// </summary>
internal sealed class ResourceOrchestrator : IAsyncDisposable
{
    private readonly List<(ResourceRuntime Runtime, IResourceRunner Runner)> _resources = [];
    private readonly RunContext _context;
    private readonly CancellationTokenSource _monitoring = new();
    private readonly List<Task> _monitors = [];
    private readonly Dictionary<string, (ResourceState State, ResourceHealth Health)> _printed = new(StringComparer.Ordinal);

    public ResourceOrchestrator(IEnumerable<IResource> resources, RunContext context)
    {
        _context = context;
        foreach (var resource in resources.OfType<Resource>().Where(r => r is not ParameterResource))
        {
            var log = new ResourceLog(Path.Combine(context.LogDirectory, resource.Name + ".log"));
            var runtime = new ResourceRuntime(resource, log, canBeControlled: resource is ExecutableResource or PostgresServerResource);
            IResourceRunner runner = resource switch
            {
                PostgresServerResource server => new PostgresServerRunner(server, runtime, context),
                PostgresDatabaseResource database => new PostgresDatabaseRunner(database, runtime),
                ExecutableResource executable => new ProcessResourceRunner(executable, runtime, context),
                _ => throw new NotSupportedException($"The AppHost cannot run a {resource.Kind} resource ('{resource.Name}')."),
            };
            runtime.Changed += Print;
            _resources.Add((runtime, runner));
        }
    }

    public IReadOnlyList<ResourceRuntime> Runtimes => [.. _resources.Select(r => r.Runtime)];

    public ResourceRuntime? Find(string name) => _resources.Find(r => r.Runtime.Name == name).Runtime;

    /// <summary>Starts everything; returns once every resource is running and healthy.</summary>
    /// <exception cref="ResourceStartException">A resource could not be started.</exception>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in _resources)
        {
            _monitors.Add(MonitorAsync(resource.Runtime, resource.Runner, _monitoring.Token));
        }

        var pending = _resources.Select(r => StartWhenReadyAsync(r.Runtime, r.Runner, cancellationToken)).ToList();
        var ready = Task.WhenAll(_resources.Select(r => r.Runtime.WaitUntilReadyAsync(cancellationToken)));
        pending.Add(ready);
        while (true)
        {
            var finished = await Task.WhenAny(pending);
            await finished;
            if (finished == ready)
            {
                return;
            }

            pending.Remove(finished);
        }
    }

    /// <summary>Stops everything, each resource after those that wait for it.</summary>
    public async Task StopAllAsync()
    {
        await _monitoring.CancelAsync();
        var stops = new Dictionary<ResourceRuntime, Task>();

        Task Stop((ResourceRuntime Runtime, IResourceRunner Runner) resource)
        {
            if (!stops.TryGetValue(resource.Runtime, out var stop))
            {
                stop = StopAfterDependentsAsync(resource);
                stops[resource.Runtime] = stop;
            }

            return stop;
        }

        async Task StopAfterDependentsAsync((ResourceRuntime Runtime, IResourceRunner Runner) resource)
        {
            var dependents = _resources.Where(other => other.Runtime.Resource.WaitsFor.Contains(resource.Runtime.Resource)).Select(Stop).ToList();
            await Task.WhenAll(dependents);
            await StopOneAsync(resource.Runtime, resource.Runner);
        }

        await Task.WhenAll(_resources.Select(Stop).ToList());
    }

    /// <summary>The dashboard's Stop.</summary>
    public Task StopAsync(string name) => Command(name, async (runtime, runner) =>
    {
        runtime.Note("Stop requested from the dashboard.");
        await StopOneAsync(runtime, runner);
    });

    /// <summary>The dashboard's Start (what the resource waits for is not waited for).</summary>
    public Task StartAsync(string name) => Command(name, async (runtime, runner) =>
    {
        if (runtime.IsActive)
        {
            return;
        }

        runtime.Note("Start requested from the dashboard.");
        await StartOneAsync(runtime, runner, _monitoring.Token);
    });

    /// <summary>The dashboard's Restart: stop, then start with the same ports and environment.</summary>
    public Task RestartAsync(string name) => Command(name, async (runtime, runner) =>
    {
        runtime.Note("Restart requested from the dashboard.");
        await StopOneAsync(runtime, runner);
        await StartOneAsync(runtime, runner, _monitoring.Token);
    });

    public async ValueTask DisposeAsync()
    {
        await _monitoring.CancelAsync();
        try
        {
            await Task.WhenAll(_monitors);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        foreach (var (runtime, _) in _resources)
        {
            runtime.Dispose();
        }

        _monitoring.Dispose();
    }

    private async Task Command(string name, Func<ResourceRuntime, IResourceRunner, Task> action)
    {
        var (runtime, runner) = _resources.Find(r => r.Runtime.Name == name);
        if (runtime is null || !runtime.CanBeControlled)
        {
            throw new InvalidOperationException($"'{name}' is not a resource the dashboard can control.");
        }

        try
        {
            await action(runtime, runner);
        }
        catch (ResourceStartException)
        {
            // Shown as FailedToStart with its reason.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            runtime.Note("The command failed: " + ex.Message);
        }
    }

    private async Task StartWhenReadyAsync(ResourceRuntime runtime, IResourceRunner runner, CancellationToken cancellationToken)
    {
        var dependencies = runtime.Resource.WaitsFor
            .Select(dependency => Find(dependency.Name) ?? throw new InvalidOperationException($"'{runtime.Name}' waits for '{dependency.Name}', which does not run."))
            .ToList();
        if (dependencies.Exists(d => !d.IsReady))
        {
            runtime.Waiting("waiting for " + string.Join(", ", dependencies.Select(d => d.Name)));
        }

        await Task.WhenAll(dependencies.Select(d => d.WaitUntilReadyAsync(cancellationToken)));
        await StartOneAsync(runtime, runner, cancellationToken);
    }

    private static async Task StartOneAsync(ResourceRuntime runtime, IResourceRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            await runner.StartAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            runtime.Note(ex.Message);
            runtime.FailedToStart(ex.Message);
            throw new ResourceStartException(runtime.Name, ex.Message, ex);
        }
    }

    private async Task StopOneAsync(ResourceRuntime runtime, IResourceRunner runner)
    {
        try
        {
            await runner.StopAsync(force: false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            runtime.Note("Stopping failed: " + ex.Message);
            _context.Console.Error($"{runtime.Name}: stopping failed: {ex.Message}");
        }
    }

    private static async Task MonitorAsync(ResourceRuntime runtime, IResourceRunner runner, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (runtime.State is ResourceState.Starting or ResourceState.Running)
            {
                HealthReport report;
                try
                {
                    report = await runner.CheckHealthAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    report = HealthReport.Unhealthy(ex.Message, answered: false);
                }

                runtime.ReportHealth(report);
            }

            try
            {
                await Task.Delay(runtime.IsReady ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Print(ResourceRuntime runtime, ResourceState state, ResourceHealth health)
    {
        string? line;
        lock (_printed)
        {
            _printed.TryGetValue(runtime.Name, out var previous);
            if (previous == (state, health))
            {
                return;
            }

            _printed[runtime.Name] = (state, health);
            line = (state, health) switch
            {
                (ResourceState.Running, ResourceHealth.Healthy) => "healthy",
                (ResourceState.Running, ResourceHealth.Unhealthy) when previous.Health == ResourceHealth.Healthy => "UNHEALTHY",
                (ResourceState.Running, _) => null,
                (ResourceState.Waiting, _) => runtime.Detail,
                (ResourceState.Starting, _) when previous.State == ResourceState.Starting => null,
                (ResourceState.Starting, _) => "starting",
                (ResourceState.Stopping, _) => null,
                (ResourceState.Crashed, _) => "CRASHED (" + runtime.Detail + "), not restarted; its last lines:",
                (ResourceState.FailedToStart, _) => "FAILED TO START: " + runtime.Detail,
                _ => state.ToString().ToLowerInvariant(),
            };
        }

        if (line is null)
        {
            return;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{runtime.Name,-15} {line}");
        if (state == ResourceState.Crashed)
        {
            text += string.Concat(runtime.Log.Tail(15).Select(e => Environment.NewLine + "    " + (e.Level is null ? e.Message : $"{e.Level}: {e.Message}")));
            _context.Console.Error(text);
        }
        else
        {
            _context.Console.Line(text);
        }
    }
}
