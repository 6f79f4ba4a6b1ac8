using Prometei.Fakes.Control;

namespace Prometei.Fakes.Recording;

/// <summary>What one vendor received, newest last, capped (oldest dropped). Thread-safe.</summary>
internal sealed class RequestJournal(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<RecordedRequest> _requests = new();

    public void Add(RecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Enqueue(request);
            while (_requests.Count > Math.Max(1, capacity))
            {
                _requests.Dequeue();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> List(string? pathPrefix = null, string? method = null)
    {
        lock (_lock)
        {
            return _requests
                .Where(r => string.IsNullOrEmpty(pathPrefix) || r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
                .Where(r => string.IsNullOrEmpty(method) || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }
}
