using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's flowchart: activities joined by connections from an outcome port to the next activity.
/// Routing is by tokens with dead-path elimination, so a join waiting for all its branches is not stranded when a decision
/// skips one of them: a skipped branch sends "dead" tokens forward. Connections that close a loop carry live tokens only.
/// </summary>
[Activity("Elsa", "Flow", "A flowchart of activities joined by connections.", TypeName = "Elsa.Flowchart", IsBrowsable = false)]
public sealed class Flowchart : Activity, IContainerActivity, IBuildAware
{
    private const string TokensKey = "tokens";

    private readonly Dictionary<string, ActivityNode> _children = new(StringComparer.Ordinal);
    private readonly List<Connection> _connections = [];
    private readonly Dictionary<string, List<Connection>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _forwardInbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _reaches = new(StringComparer.Ordinal);
    private string? _startId;

    public void OnBuilt(ActivityNode node)
    {
        foreach (var child in node.Children)
        {
            _children[child.Id] = child;
            _outbound[child.Id] = [];
            _forwardInbound[child.Id] = [];
        }

        if (node.Json["connections"] is JsonArray connections)
        {
            var index = 0;
            foreach (var c in connections.OfType<JsonObject>())
            {
                // Elsa 3.1+ writes {"source":{"activity","port"}}; Elsa 3.0 wrote "source" and "sourcePort" flat.
                var source = Text((c["source"] as JsonObject)?["activity"]) ?? Text(c["source"]);
                var target = Text((c["target"] as JsonObject)?["activity"]) ?? Text(c["target"]);
                if (source is null || target is null || !_children.ContainsKey(source) || !_children.ContainsKey(target))
                {
                    continue;
                }

                var port = Text((c["source"] as JsonObject)?["port"]) ?? Text(c["sourcePort"]) ?? "Done";
                _connections.Add(new Connection(index++.ToString(System.Globalization.CultureInfo.InvariantCulture), source, port, target));
            }
        }

        _startId = node.Json["start"] is JsonValue s && s.TryGetValue<string>(out var start) && _children.ContainsKey(start) ? start : null;
        MarkBackEdges();
        foreach (var c in _connections)
        {
            _outbound[c.Source].Add(c);
            if (!c.IsBackEdge)
            {
                _forwardInbound[c.Target].Add(c);
            }
        }

        foreach (var id in _children.Keys)
        {
            _reaches[id] = Reachable(id);
        }
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        foreach (var start in StartNodes(context))
        {
            context.ScheduleChild(start);
        }

        if (context.ChildRequests.Count == 0)
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child)
    {
        var tokens = context.State.TryGetValue(TokensKey, out var stored) && stored is JsonObject known ? known : [];
        context.State[TokensKey] = tokens;
        foreach (var connection in _outbound.GetValueOrDefault(child.Node.Id) ?? [])
        {
            var live = child.Outcomes.Contains(connection.Port, StringComparer.Ordinal);
            if (connection.IsBackEdge)
            {
                if (live)
                {
                    tokens.Remove(connection.Target); // a new round of the loop
                    context.ScheduleChild(_children[connection.Target]);
                }

                continue;
            }

            Deliver(context, tokens, connection, live);
        }

        if (context.ChildRequests.Count == 0 && context.ActiveChildren.Count == 0)
        {
            context.Complete();
        }

        return ValueTask.CompletedTask;
    }

    private void Deliver(ActivityExecutionContext context, JsonObject tokens, Connection connection, bool live)
    {
        var target = _children[connection.Target];
        var inbound = _forwardInbound[target.Id];
        var entry = tokens[target.Id] as JsonObject ?? new JsonObject { ["live"] = new JsonArray(), ["dead"] = new JsonArray(), ["fired"] = false };
        tokens[target.Id] = entry;
        ((JsonArray)entry[live ? "live" : "dead"]!).Add(connection.Key);
        var liveCount = ((JsonArray)entry["live"]!).Count;
        var received = liveCount + ((JsonArray)entry["dead"]!).Count;
        var fired = entry["fired"]!.GetValue<bool>();
        var complete = received >= inbound.Count;

        switch (JoinMode(target))
        {
            case "WaitAll":
                if (complete)
                {
                    tokens.Remove(target.Id);
                    Fire(context, tokens, target, liveCount > 0);
                }

                break;

            case "WaitAny":
                if (live && !fired)
                {
                    entry["fired"] = true;
                    CancelUpstream(context, target);
                    context.ScheduleChild(target);
                }

                if (complete)
                {
                    tokens.Remove(target.Id);
                    if (!fired && !live)
                    {
                        Fire(context, tokens, target, false);
                    }
                }

                break;

            default:
                if (live)
                {
                    context.ScheduleChild(target);
                }

                if (complete)
                {
                    tokens.Remove(target.Id);
                    if (liveCount == 0)
                    {
                        Fire(context, tokens, target, false);
                    }
                }

                break;
        }
    }

    /// <summary>Runs <paramref name="target"/>, or when no live token reached it, passes dead tokens on.</summary>
    private void Fire(ActivityExecutionContext context, JsonObject tokens, ActivityNode target, bool live)
    {
        if (live)
        {
            context.ScheduleChild(target);
            return;
        }

        foreach (var next in _outbound[target.Id].Where(c => !c.IsBackEdge))
        {
            Deliver(context, tokens, next, false);
        }
    }

    /// <summary>A join that fires on its first branch cancels the branches still running towards it.</summary>
    private void CancelUpstream(ActivityExecutionContext context, ActivityNode join)
    {
        foreach (var (frameId, node) in context.ActiveChildren)
        {
            if (node.Id != join.Id && _reaches.TryGetValue(node.Id, out var reach) && reach.Contains(join.Id))
            {
                context.CancelChild(frameId);
            }
        }
    }

    private static string? JoinMode(ActivityNode node)
    {
        if (node.Activity is FlowJoin)
        {
            var modeNode = node.Json["mode"] is JsonObject wrapped ? wrapped["expression"]?["value"] : node.Json["mode"];
            var mode = modeNode is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return string.Equals(mode, "WaitAll", StringComparison.OrdinalIgnoreCase) ? "WaitAll" : "WaitAny";
        }

        var mergeMode = node.Json["customProperties"]?["mergeMode"] is JsonValue m && m.TryGetValue<string>(out var mm) ? mm : null;
        return mergeMode switch
        {
            "Converge" => "WaitAll",
            "Race" => "WaitAny",
            _ => null,
        };
    }

    private IEnumerable<ActivityNode> StartNodes(ActivityExecutionContext context)
    {
        if (context.InstanceTriggerNodeId is { } triggerNodeId && _children.Values.FirstOrDefault(c => c.NodeId == triggerNodeId) is { } trigger)
        {
            return [trigger];
        }

        if (_startId is not null)
        {
            return [_children[_startId]];
        }

        var roots = _children.Values.Where(c => _forwardInbound[c.Id].Count == 0 && !_connections.Exists(x => x.Target == c.Id)).ToList();
        if (roots.Count == 0)
        {
            roots = _children.Values.Where(c => _forwardInbound[c.Id].Count == 0).ToList();
        }

        var starts = roots.Where(r => r.Type == "Elsa.Start").ToList();
        if (starts.Count > 0)
        {
            return starts;
        }

        var actions = roots.Where(r => r.Descriptor.Kind != ActivityKind.Trigger).ToList();
        return actions.Count > 0 ? actions : roots.Take(1);
    }

    /// <summary>Marks the connections that close a cycle (depth-first from the start candidates), so loops do not wait for themselves.</summary>
    private void MarkBackEdges()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 0 new, 1 on stack, 2 done
        var bySource = _connections.GroupBy(c => c.Source).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var inbound = _connections.Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
        var order = _children.Keys.Where(k => k == _startId).Concat(_children.Keys.Where(k => !inbound.Contains(k))).Concat(_children.Keys);
        foreach (var start in order)
        {
            if (state.GetValueOrDefault(start) != 0)
            {
                continue;
            }

            var stack = new Stack<(string Id, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var edges = bySource.GetValueOrDefault(id) ?? [];
                if (next < edges.Count)
                {
                    stack.Push((id, next + 1));
                    var edge = edges[next];
                    switch (state.GetValueOrDefault(edge.Target))
                    {
                        case 1:
                            edge.IsBackEdge = true;
                            break;
                        case 0:
                            state[edge.Target] = 1;
                            stack.Push((edge.Target, 0));
                            break;
                    }
                }
                else
                {
                    state[id] = 2;
                }
            }
        }
    }

    private HashSet<string> Reachable(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            foreach (var c in _outbound[queue.Dequeue()].Where(c => !c.IsBackEdge))
            {
                if (seen.Add(c.Target))
                {
                    queue.Enqueue(c.Target);
                }
            }
        }

        return seen;
    }

    private sealed class Connection(string key, string source, string port, string target)
    {
        public string Key { get; } = key;

        public string Source { get; } = source;

        public string Port { get; } = port;

        public string Target { get; } = target;

        public bool IsBackEdge { get; set; }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
