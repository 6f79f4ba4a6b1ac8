using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's flowchart: activities joined by connections from an outcome port to the next activity. It routes as Elsa 3 does,
/// in either of Elsa's execution modes (<see cref="FlowchartOptions"/>): counter-based (Elsa's default; implicit joins wait
/// until every inbound connection was visited, taken or not, and <c>Elsa.FlowJoin</c>'s WaitAny/WaitAll/WaitAllActive) or
/// token-based (each activity's <c>mergeMode</c>: Stream, Merge, Converge, Cascade, Race). Connections that close a loop
/// are found once per version and schedule their target directly.
/// </summary>
[Activity("Elsa", "Flow", "A flowchart of activities joined by connections.", TypeName = "Elsa.Flowchart", IsBrowsable = false)]
public sealed partial class Flowchart : Activity, IContainerActivity, IBuildAware
{
    private const string ModeKey = "mode";
    private const string BackTag = "back";
    private const string AwaitingTokensBookmark = "Flowchart:AwaitingTokens";

    private readonly Dictionary<string, ActivityNode> _children = new(StringComparer.Ordinal);
    private readonly List<Connection> _connections = [];
    private readonly Dictionary<string, List<Connection>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _inbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _forwardInbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);
    private string? _startId;

    public void OnBuilt(ActivityNode node)
    {
        foreach (var child in node.Children)
        {
            _children[child.Id] = child;
            _outbound[child.Id] = [];
            _inbound[child.Id] = [];
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
            _inbound[c.Target].Add(c);
            if (!c.IsBackEdge)
            {
                _forwardInbound[c.Target].Add(c);
            }
        }

        foreach (var id in _children.Keys)
        {
            _ancestors[id] = Ancestors(id);
        }
    }

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = context.Services.GetService<IOptions<FlowchartOptions>>()?.Value.ExecutionMode ?? FlowchartExecutionMode.CounterBased;
        context.State[ModeKey] = mode.ToString();
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
        // A terminal node (End, Complete, Break, Finish) completes the flowchart at once, cancelling what still runs.
        if (child.Node.Descriptor.IsTerminal && child.Outcomes.Count > 0)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }

        var tokenBased = IsTokenBased(context);
        if (tokenBased)
        {
            OnChildCompletedTokenBased(context, child);
        }
        else
        {
            OnChildCompletedCounterBased(context, child);
        }

        if (context.ChildRequests.Count == 0 && context.ActiveChildren.Count == 0)
        {
            if (tokenBased && HasLiveTokens(context))
            {
                // As in Elsa, a token-based flowchart with a token still waiting (a Merge or Converge missing a branch that
                // was not taken) does not complete: the instance stays suspended, its wait shown as this bookmark.
                context.CreateBookmark(AwaitingTokensBookmark);
            }
            else
            {
                context.Complete();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsTokenBased(ActivityExecutionContext context) =>
        context.State.TryGetValue(ModeKey, out var mode) && mode is JsonValue v && v.TryGetValue<string>(out var text)
        && text == nameof(FlowchartExecutionMode.TokenBased);

    /// <summary>Whether <paramref name="node"/> waits to run in this flowchart (scheduled now, or a live child frame).</summary>
    private static bool IsPending(ActivityExecutionContext context, ActivityNode node) =>
        context.ChildRequests.Exists(r => r.Node.Id == node.Id) || context.ActiveChildren.Any(c => c.Node.Id == node.Id);

    /// <summary>Cancels the running children from which <paramref name="target"/> can be reached; returns their nodes.</summary>
    private List<ActivityNode> CancelInboundAncestors(ActivityExecutionContext context, ActivityNode target)
    {
        var cancelled = new List<ActivityNode>();
        var ancestors = _ancestors[target.Id];
        foreach (var (frameId, node) in context.ActiveChildren)
        {
            if (node.Id != target.Id && ancestors.Contains(node.Id))
            {
                context.CancelChild(frameId);
                cancelled.Add(node);
            }
        }

        context.ChildRequests.RemoveAll(r => r.Node.Id != target.Id && ancestors.Contains(r.Node.Id));
        return cancelled;
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

    /// <summary>The activities from which <paramref name="to"/> can be reached along forward connections.</summary>
    private HashSet<string> Ancestors(string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(to);
        while (queue.Count > 0)
        {
            foreach (var c in _forwardInbound[queue.Dequeue()])
            {
                if (seen.Add(c.Source))
                {
                    queue.Enqueue(c.Source);
                }
            }
        }

        return seen;
    }

    /// <summary>Whether a connection leaves <paramref name="activityId"/>'s <paramref name="port"/> (an activity whose unconnected ports behave otherwise asks).</summary>
    public bool HasConnectionFrom(string activityId, string port) =>
        _connections.Exists(c => c.Source == activityId && c.Port == port);

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
