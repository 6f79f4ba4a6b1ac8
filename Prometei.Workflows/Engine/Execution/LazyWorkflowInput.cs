using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// The workflow input as expressions see it (plain CLR values, names case-insensitive), converted from the state's JSON on
/// first use: most activities' inputs are literals that never read it, and an HTTP trigger's input (headers, query, body)
/// was converted for every one of them (issue 14).
/// </summary>
internal sealed class LazyWorkflowInput(IReadOnlyDictionary<string, JsonNode?> json) : IReadOnlyDictionary<string, object?>
{
    private Dictionary<string, object?>? _values;

    private Dictionary<string, object?> Values =>
        _values ??= json.ToDictionary(p => p.Key, p => ValueConverter.FromJson(p.Value), StringComparer.OrdinalIgnoreCase);

    public object? this[string key] => Values[key];

    public IEnumerable<string> Keys => Values.Keys;

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values.Values;

    public int Count => Values.Count;

    public bool ContainsKey(string key) => Values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => Values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
