using System.Collections;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// The variables one activity sees, as plain CLR values: its own pending writes first, then the locals of its frame and
/// its ancestors (a parallel loop's current item), then the workflow's variables. Writes stay pending until the activity completes.
/// </summary>
internal sealed class VariableScope(WorkflowState state, IReadOnlyList<ActivityFrame> frameChain, Dictionary<string, object?> writes)
    : IDictionary<string, object?>
{
    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No variable named '{key}'.");
        set => writes[key] = value;
    }

    public ICollection<string> Keys => AllNames().ToList();

    public ICollection<object?> Values => AllNames().Select(n => this[n]).ToList();

    public int Count => AllNames().Count();

    public bool IsReadOnly => false;

    public void Add(string key, object? value) => writes[key] = value;

    public void Add(KeyValuePair<string, object?> item) => writes[item.Key] = item.Value;

    public void Clear() => writes.Clear();

    public bool Contains(KeyValuePair<string, object?> item) => TryGetValue(item.Key, out var v) && Equals(v, item.Value);

    public bool ContainsKey(string key) => writes.ContainsKey(key) || FindLocal(key) is not null || state.Variables.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        AllNames().Select(n => new KeyValuePair<string, object?>(n, this[n])).GetEnumerator();

    public bool Remove(string key) => writes.Remove(key);

    public bool Remove(KeyValuePair<string, object?> item) => writes.Remove(item.Key);

    public bool TryGetValue(string key, out object? value)
    {
        if (writes.TryGetValue(key, out value))
        {
            return true;
        }

        if (FindLocal(key) is { } frame)
        {
            value = ValueConverter.FromJson(frame.Locals[key]);
            return true;
        }

        if (state.Variables.TryGetValue(key, out var json))
        {
            value = ValueConverter.FromJson(json);
            return true;
        }

        value = null;
        return false;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The nearest frame in the chain that declares <paramref name="name"/> as a local.</summary>
    public ActivityFrame? FindLocal(string name)
    {
        foreach (var frame in frameChain)
        {
            if (frame.Locals.ContainsKey(name))
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>Applies the pending writes: to the declaring frame's locals, else to the workflow's variables.</summary>
    public void Commit()
    {
        foreach (var (name, value) in writes)
        {
            var json = ValueConverter.ToJson(value);
            if (FindLocal(name) is { } frame)
            {
                frame.Locals[name] = json;
            }
            else
            {
                state.Variables[name] = json;
            }
        }
    }

    private IEnumerable<string> AllNames() =>
        writes.Keys.Concat(frameChain.SelectMany(f => f.Locals.Keys)).Concat(state.Variables.Keys).Distinct(StringComparer.Ordinal);
}
