namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>
/// The live state of one resource: state, health, process id, times, exit code, environment and console log. Runners and
/// the health monitor write it; the dashboard and the console read it.
/// </summary>
internal sealed class ResourceRuntime : IDisposable
{
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<EnvironmentVariable> _environment = [];
    private int _starts;

    public ResourceRuntime(Resource resource, ResourceLog log, bool canBeControlled)
    {
        Resource = resource;
        Log = log;
        CanBeControlled = canBeControlled;
    }

    /// <summary>Raised after every change, outside the lock.</summary>
    public event Action<ResourceRuntime, ResourceState, ResourceHealth>? Changed;

    public Resource Resource { get; }

    public string Name => Resource.Name;

    public ResourceLog Log { get; }

    /// <summary>Whether the dashboard may stop, start and restart it (not a database, not a server the AppHost did not start).</summary>
    public bool CanBeControlled { get; set; }

    public ResourceState State { get; private set; } = ResourceState.NotStarted;

    public ResourceHealth Health { get; private set; } = ResourceHealth.Unknown;

    public int? ProcessId { get; private set; }

    public string? Detail { get; private set; }

    /// <summary>Running and healthy: what <c>WaitFor</c> waits for.</summary>
    public bool IsReady => State == ResourceState.Running && Health == ResourceHealth.Healthy;

    /// <summary>Whether the resource is started or starting (not waiting, not ended).</summary>
    public bool IsActive => State is ResourceState.Starting or ResourceState.Running or ResourceState.Stopping;

    private string? HealthDescription { get; set; }

    private DateTimeOffset? StartedAt { get; set; }

    private DateTimeOffset? StoppedAt { get; set; }

    private int? ExitCode { get; set; }

    public void Waiting(string detail) => Change(() =>
    {
        State = ResourceState.Waiting;
        Detail = detail;
    });

    public void Starting(IReadOnlyList<EnvironmentVariable>? environment = null) => Change(() =>
    {
        State = ResourceState.Starting;
        Health = ResourceHealth.Unknown;
        HealthDescription = null;
        ProcessId = null;
        ExitCode = null;
        StoppedAt = null;
        StartedAt = DateTimeOffset.UtcNow;
        Detail = null;
        _environment = environment ?? _environment;
        _starts++;
    });

    /// <summary>The process (or server) is up; <paramref name="running"/> when there is no health check to wait for.</summary>
    public void Started(int? processId, string? detail, bool running) => Change(() =>
    {
        ProcessId = processId;
        Detail = detail ?? Detail;
        if (running)
        {
            State = ResourceState.Running;
        }
    });

    public void ReportHealth(HealthReport report) => Change(() =>
    {
        if (State is not (ResourceState.Starting or ResourceState.Running))
        {
            return;
        }

        if (State == ResourceState.Starting && report.Answered)
        {
            State = ResourceState.Running;
        }

        Health = report.Health;
        HealthDescription = report.Description;
    });

    public void Stopping() => Change(() => State = ResourceState.Stopping);

    public void Ended(ResourceState state, int? exitCode, string? detail) => Change(() =>
    {
        State = state;
        ExitCode = exitCode;
        Health = ResourceHealth.Unknown;
        HealthDescription = null;
        ProcessId = null;
        StoppedAt = DateTimeOffset.UtcNow;
        Detail = detail;
    });

    public void FailedToStart(string detail) => Ended(ResourceState.FailedToStart, null, detail);

    /// <summary>Stopped, unless it already ended (a crash or a failed start stays what it was).</summary>
    public void MarkStopped(string? detail = null) => Change(() =>
    {
        if (State is ResourceState.Stopped or ResourceState.Exited or ResourceState.Crashed or ResourceState.FailedToStart)
        {
            return;
        }

        State = ResourceState.Stopped;
        Health = ResourceHealth.Unknown;
        HealthDescription = null;
        ProcessId = null;
        StoppedAt = DateTimeOffset.UtcNow;
        Detail = detail ?? Detail;
    });

    /// <summary>Adds a line from the AppHost itself to the resource's log (a restart, a stop).</summary>
    public void Note(string message) => Log.Add("apphost", message);

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (IsReady)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public ResourceSnapshot Snapshot()
    {
        var endpoints = Resource switch
        {
            IResourceWithEndpoints e => e.Endpoints.Select(p => new ResourceLink(p.Name, p.Url)).ToList(),
            PostgresServerResource p => [new ResourceLink(p.Endpoint.Name, p.Endpoint.Url)],
            _ => [],
        };
        lock (_lock)
        {
            return new ResourceSnapshot(
                Name,
                Resource.Kind,
                State,
                Health,
                HealthDescription,
                ProcessId,
                StartedAt,
                StoppedAt,
                ExitCode,
                Detail,
                Math.Max(0, _starts - 1),
                [.. Resource.WaitsFor.Select(w => w.Name)],
                endpoints,
                [.. Resource.Urls.Select(u => new ResourceLink(u.DisplayText, u.Url))],
                _environment,
                CanBeControlled,
                Log.Tail(1) is [var last] ? last.Sequence : 0);
        }
    }

    public void Dispose() => Log.Dispose();

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        ResourceState state;
        ResourceHealth health;
        lock (_lock)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            state = State;
            health = Health;
        }

        changed.TrySetResult();
        Changed?.Invoke(this, state, health);
    }
}
