using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's counter-based flowchart (its default mode): every completed activity counts as a visit, and each of its outbound
/// connections as a visit that was followed (its port is among the outcomes) or not. An activity reached by a forward
/// connection runs by its join mode: <c>WaitAllActive</c> (every activity but an explicit join) once every forward inbound
/// connection was visited and at least one followed; <c>WaitAll</c> once all were visited and all followed; <c>WaitAny</c>
/// on the first followed one, cancelling the other inbound branches. One that will not run is skipped: it counts as visited
/// and its outbound connections as visited but not followed, so joins further on are not stranded.
/// </summary>
public sealed partial class Flowchart
{
    private const string ScopeKey = "scope";

    private void OnChildCompletedCounterBased(ActivityExecutionContext context, ChildCompletion child)
    {
        if (child.Outcomes.Count == 0)
        {
            return; // a child that faulted under the Continue strategy sends nothing on (Elsa schedules nothing after it)
        }

        var scope = Scope(context);
        if (child.Node.Activity is FlowJoin)
        {
            // Elsa's join cancels the branches still running towards it when it runs.
            foreach (var cancelled in CancelInboundAncestors(context, child.Node))
            {
                Visit(context, scope, cancelled, [], backward: false);
            }
        }

        Visit(context, scope, child.Node, child.Outcomes, backward: child.Tag == BackTag);
    }

    private void Visit(ActivityExecutionContext context, JsonObject scope, ActivityNode activity, IReadOnlyCollection<string> outcomes, bool backward)
    {
        if (!backward)
        {
            Increment(scope, "activities", activity.Id);
        }

        foreach (var connection in _outbound[activity.Id])
        {
            var followed = outcomes.Contains(connection.Port, StringComparer.Ordinal);
            Increment(scope, "connections", connection.Key);
            Bag(scope, "followed")[connection.Key] = followed;
            var target = _children[connection.Target];
            if (connection.IsBackEdge)
            {
                if (followed)
                {
                    context.ScheduleChild(target, BackTag);
                }

                continue;
            }

            switch (CounterJoinMode(target))
            {
                case "WaitAll":
                    if (AllInboundVisited(scope, target))
                    {
                        RunOrSkip(context, scope, target, AllInboundFollowed(scope, target));
                    }

                    break;

                case "WaitAny":
                    if (Count(scope, "connections", connection.Key) <= Count(scope, "activities", target.Id) || IsPending(context, target))
                    {
                        break; // the join ran already for this round, or is about to
                    }

                    if (AnyInboundFollowed(scope, target))
                    {
                        context.ScheduleChild(target);
                        foreach (var cancelled in CancelInboundAncestors(context, target))
                        {
                            Visit(context, scope, cancelled, [], backward: false);
                        }
                    }
                    else if (AllInboundVisited(scope, target))
                    {
                        RunOrSkip(context, scope, target, run: false);
                    }

                    break;

                default: // WaitAllActive
                    if (AllInboundVisited(scope, target))
                    {
                        RunOrSkip(context, scope, target, AnyInboundFollowed(scope, target));
                    }

                    break;
            }
        }
    }

    private void RunOrSkip(ActivityExecutionContext context, JsonObject scope, ActivityNode target, bool run)
    {
        if (run)
        {
            context.ScheduleChild(target);
        }
        else
        {
            Visit(context, scope, target, [], backward: false);
        }
    }

    private bool AllInboundVisited(JsonObject scope, ActivityNode target)
    {
        var visits = Count(scope, "activities", target.Id);
        return _forwardInbound[target.Id].Min(c => Count(scope, "connections", c.Key)) > visits;
    }

    private bool AnyInboundFollowed(JsonObject scope, ActivityNode target)
    {
        var inbound = _forwardInbound[target.Id];
        var max = inbound.Max(c => Count(scope, "connections", c.Key));
        return max > Count(scope, "activities", target.Id)
            && inbound.Any(c => Count(scope, "connections", c.Key) == max && Followed(scope, c));
    }

    private bool AllInboundFollowed(JsonObject scope, ActivityNode target)
    {
        var inbound = _forwardInbound[target.Id];
        var max = inbound.Max(c => Count(scope, "connections", c.Key));
        return max > Count(scope, "activities", target.Id)
            && inbound.All(c => Count(scope, "connections", c.Key) == max && Followed(scope, c));
    }

    /// <summary>An explicit join's mode (WaitAny by default); every other activity joins as WaitAllActive.</summary>
    private static string CounterJoinMode(ActivityNode node) => node.Activity is FlowJoin ? FlowJoin.ModeOf(node) : "WaitAllActive";

    private static JsonObject Scope(ActivityExecutionContext context)
    {
        if (context.State.TryGetValue(ScopeKey, out var stored) && stored is JsonObject scope)
        {
            return scope;
        }

        scope = new JsonObject { ["activities"] = new JsonObject(), ["connections"] = new JsonObject(), ["followed"] = new JsonObject() };
        context.State[ScopeKey] = scope;
        return scope;
    }

    private static JsonObject Bag(JsonObject scope, string name) => (JsonObject)scope[name]!;

    private static long Count(JsonObject scope, string bag, string key) =>
        Bag(scope, bag)[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static void Increment(JsonObject scope, string bag, string key) => Bag(scope, bag)[key] = Count(scope, bag, key) + 1;

    private static bool Followed(JsonObject scope, Connection connection) =>
        Bag(scope, "followed")[connection.Key] is JsonValue v && v.TryGetValue<bool>(out var followed) && followed;
}
