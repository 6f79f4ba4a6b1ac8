using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's token-based flowchart: a completed activity puts a token on each connection it takes and consumes the tokens that
/// brought it; each target then runs by its merge mode (<see cref="MergeMode"/>, <c>customProperties.mergeMode</c>; an
/// explicit join's WaitAny is Race, its other modes Merge). Tokens of branches not taken are never produced, so Merge and
/// Converge wait for them (by design, as in Elsa) and Stream goes on once no direct source still waits to run.
/// </summary>
public sealed partial class Flowchart
{
    private const string TokensKey = "flowTokens";

    private void OnChildCompletedTokenBased(ActivityExecutionContext context, ChildCompletion child)
    {
        var tokens = Tokens(context);
        var completed = child.Node.Id;
        if (child.Node.Activity is FlowJoin)
        {
            RemoveTokensOf(tokens, CancelInboundAncestors(context, child.Node));
        }

        var active = _outbound[completed].Where(c => child.Outcomes.Contains(c.Port, StringComparer.Ordinal)).ToList();
        foreach (var connection in active)
        {
            tokens.Add(NewToken(connection.Source, connection.Target, connection.Port, blocked: false));
        }

        foreach (var token in tokens.OfType<JsonObject>().Where(t => To(t) == completed && IsLive(t)))
        {
            token["consumed"] = true;
        }

        foreach (var connection in active)
        {
            var target = _children[connection.Target];
            switch (TokenMergeMode(target))
            {
                case MergeMode.Cascade:
                case MergeMode.Race:
                    if (TokenMergeMode(target) == MergeMode.Race)
                    {
                        RemoveTokensOf(tokens, CancelInboundAncestors(context, target));
                    }

                    var block = tokens.OfType<JsonObject>().FirstOrDefault(t =>
                        To(t) == target.Id && From(t) == completed && Outcome(t) == connection.Port && Flag(t, "blocked"));
                    if (block is null)
                    {
                        context.ScheduleChild(target);
                        foreach (var other in _forwardInbound[target.Id].Where(c => c.Source != completed))
                        {
                            tokens.Add(NewToken(other.Source, other.Target, other.Port, blocked: true));
                        }
                    }
                    else
                    {
                        block["consumed"] = true;
                    }

                    break;

                case MergeMode.Merge:
                    ScheduleWhenAllTokens(context, tokens, target, _forwardInbound[target.Id]);
                    break;

                case MergeMode.Converge:
                    ScheduleWhenAllTokens(context, tokens, target, _inbound[target.Id]);
                    break;

                default: // Stream
                    var sourceWaits = _forwardInbound[target.Id].Any(inbound =>
                        tokens.OfType<JsonObject>().Any(t => IsLive(t) && To(t) == inbound.Source));
                    if (!sourceWaits)
                    {
                        context.ScheduleChild(target);
                    }

                    break;
            }
        }

        var purge = tokens.OfType<JsonObject>().Where(t => To(t) == completed && Flag(t, "consumed")).ToList();
        purge.ForEach(t => tokens.Remove(t));
    }

    private static void ScheduleWhenAllTokens(ActivityExecutionContext context, JsonArray tokens, ActivityNode target, List<Connection> inbound)
    {
        if (inbound.Count <= 1 || inbound.All(c => tokens.OfType<JsonObject>().Any(t =>
                IsLive(t) && From(t) == c.Source && To(t) == target.Id && Outcome(t) == c.Port)))
        {
            context.ScheduleChild(target);
        }
    }

    private static MergeMode TokenMergeMode(ActivityNode node)
    {
        if (node.Activity is FlowJoin)
        {
            return FlowJoin.ModeOf(node) == "WaitAny" ? MergeMode.Race : MergeMode.Merge;
        }

        var text = node.Json["customProperties"]?["mergeMode"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return Enum.TryParse<MergeMode>(text, ignoreCase: true, out var mode) ? mode : MergeMode.Stream;
    }

    /// <summary>A cancelled activity's tokens, to and from it, are dropped (Elsa does the same).</summary>
    private static void RemoveTokensOf(JsonArray tokens, List<ActivityNode> cancelled)
    {
        foreach (var node in cancelled)
        {
            var gone = tokens.OfType<JsonObject>().Where(t => To(t) == node.Id || From(t) == node.Id).ToList();
            gone.ForEach(t => tokens.Remove(t));
        }
    }

    private static bool HasLiveTokens(ActivityExecutionContext context) =>
        context.State.TryGetValue(TokensKey, out var stored) && stored is JsonArray tokens && tokens.OfType<JsonObject>().Any(IsLive);

    private static JsonArray Tokens(ActivityExecutionContext context)
    {
        if (context.State.TryGetValue(TokensKey, out var stored) && stored is JsonArray tokens)
        {
            return tokens;
        }

        tokens = [];
        context.State[TokensKey] = tokens;
        return tokens;
    }

    private static JsonObject NewToken(string from, string to, string outcome, bool blocked) =>
        new() { ["from"] = from, ["to"] = to, ["outcome"] = outcome, ["consumed"] = false, ["blocked"] = blocked };

    private static string? From(JsonObject token) => Text(token["from"]);

    private static string? To(JsonObject token) => Text(token["to"]);

    private static string? Outcome(JsonObject token) => Text(token["outcome"]);

    private static bool Flag(JsonObject token, string name) => token[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static bool IsLive(JsonObject token) => !Flag(token, "consumed") && !Flag(token, "blocked");
}
