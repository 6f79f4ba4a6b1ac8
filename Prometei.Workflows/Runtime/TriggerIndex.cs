using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// The published triggers, held in memory and reloaded when any node publishes or retracts (a NOTIFY on
/// <see cref="DefinitionStore.TriggersChannel"/>). HTTP requests and timers read it without touching the database.
/// </summary>
public sealed class TriggerIndex
{
    private readonly DefinitionStore _definitions;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile Snapshot? _snapshot;
    private int _version;

    public TriggerIndex(DefinitionStore definitions, DatabaseNotifications notifications)
    {
        _definitions = definitions;
        notifications.Subscribe(DefinitionStore.TriggersChannel, _ => Invalidate());
    }

    /// <summary>Raised after the index changed, so the timer scheduler can re-plan.</summary>
    public event Action? Changed;

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _snapshot = null;
        Changed?.Invoke();
    }

    public async Task<IReadOnlyList<TriggerRecord>> GetAllAsync(CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken)).All;

    public async Task<IReadOnlyList<TriggerRecord>> GetAsync(string kind, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken)).All.Where(t => t.Kind == kind).ToList();

    /// <summary>The HTTP triggers matching a path: those that take the method, and the methods the path takes at all.</summary>
    public async Task<HttpMatch> MatchHttpAsync(string path, string method, CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken);
        var byPath = new List<(TriggerRecord Trigger, Dictionary<string, string> Route, int Specificity)>();
        foreach (var (trigger, route) in snapshot.Http)
        {
            if (route.TryMatch(path, out var values))
            {
                byPath.Add((trigger, values, route.Specificity));
            }
        }

        if (byPath.Count == 0)
        {
            return new HttpMatch([], []);
        }

        var best = byPath.Max(m => m.Specificity);
        var candidates = byPath.Where(m => m.Specificity == best).ToList();
        var allowed = candidates.SelectMany(c => Methods(c.Trigger)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var matches = candidates.Where(c => Methods(c.Trigger).Contains(method, StringComparer.OrdinalIgnoreCase))
            .Select(c => (c.Trigger, (IReadOnlyDictionary<string, string>)c.Route)).ToList();
        return new HttpMatch(matches, allowed);
    }

    private static IEnumerable<string> Methods(TriggerRecord trigger) =>
        trigger.Payload["methods"]?.AsArray().Select(m => m?.GetValue<string>()).OfType<string>() ?? ["GET"];

    private async Task<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } current)
        {
            return current;
        }

        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded)
            {
                return loaded;
            }

            var version = Volatile.Read(ref _version);
            var all = await _definitions.GetTriggersAsync(cancellationToken);
            var snapshot = new Snapshot(all, all.Where(t => t.Kind == TriggerKinds.Http).Select(t => (t, new HttpRoute(t.Key))).ToList());
            if (version == Volatile.Read(ref _version))
            {
                _snapshot = snapshot;
            }

            return snapshot;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private sealed record Snapshot(IReadOnlyList<TriggerRecord> All, IReadOnlyList<(TriggerRecord Trigger, HttpRoute Route)> Http);
}
