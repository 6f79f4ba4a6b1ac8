using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Erp;

/// <summary>The fake ERP's tasks and deals and its idempotency records. Thread-safe.</summary>
internal sealed class ErpLedger(FakeVendorsOptions options)
{
    private readonly Lock _lock = new();
    private readonly List<FakeErpDocument> _documents = [];
    private readonly Dictionary<(string Kind, string Key), (long Id, JsonNode Body)> _keys = [];
    private long _nextId = 1000;

    public void Reset()
    {
        lock (_lock)
        {
            _documents.Clear();
            _keys.Clear();
            _nextId = 1000;
        }
    }

    /// <summary>Creates a document, or answers a repeat of an idempotency key with the first document.</summary>
    public ErpCreateOutcome Create(string kind, string? idempotencyKey, JsonObject body)
    {
        lock (_lock)
        {
            if (idempotencyKey is not null && _keys.TryGetValue((kind, idempotencyKey), out var first))
            {
                if (!JsonNode.DeepEquals(first.Body, body))
                {
                    return new ErpCreateOutcome(first.Id, Replayed: false, Conflict: true);
                }

                var index = _documents.FindIndex(d => d.Id == first.Id);
                _documents[index] = _documents[index] with { Replays = _documents[index].Replays + 1 };
                return new ErpCreateOutcome(first.Id, Replayed: true, Conflict: false);
            }

            var id = ++_nextId;
            _documents.Add(new FakeErpDocument(id, kind, idempotencyKey, JsonSerializer.SerializeToElement(body), options.TimeProvider.GetUtcNow(), 0));
            if (idempotencyKey is not null)
            {
                _keys[(kind, idempotencyKey)] = (id, body.DeepClone());
            }

            return new ErpCreateOutcome(id, Replayed: false, Conflict: false);
        }
    }

    public FakeErpDocument? Find(string kind, long id)
    {
        lock (_lock)
        {
            return _documents.FirstOrDefault(d => d.Kind == kind && d.Id == id);
        }
    }

    public IReadOnlyList<FakeErpDocument> List(string kind)
    {
        lock (_lock)
        {
            return _documents.Where(d => d.Kind == kind).ToList();
        }
    }
}
