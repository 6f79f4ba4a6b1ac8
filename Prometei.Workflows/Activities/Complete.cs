using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Complete: ends the enclosing flowchart or sequence at once (a terminal node); its <c>Outcomes</c> (a name or a
/// list of names, <c>Done</c> when unset) are the outcomes it completes with.
/// </summary>
[Activity("Elsa", "Composition", "Signals the current composite activity to complete itself as a whole.", TypeName = "Elsa.Complete",
    IsTerminal = true)]
public sealed class Complete : Activity, ICompletesComposite
{
    [Input(Description = "The outcome or set of outcomes to complete this activity with.", UIHint = "outcome-picker", DefaultSyntax = "Object")]
    public Input<object> Outcomes { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete([.. Interpret(context.Get(Outcomes))]);
        return ValueTask.CompletedTask;
    }

    /// <summary>As Elsa reads the value: a string is one outcome, a list (or a JSON array, also inside a string) many; else Done.</summary>
    internal static IEnumerable<string> Interpret(object? value)
    {
        var json = value as JsonNode ?? ValueConverter.ToJson(value);
        if (json is JsonValue text && text.TryGetValue<string>(out var s))
        {
            if (s.TrimStart().StartsWith('['))
            {
                try
                {
                    json = JsonNode.Parse(s);
                }
                catch (System.Text.Json.JsonException)
                {
                    return [s];
                }
            }
            else
            {
                return s.Length == 0 ? ["Done"] : [s];
            }
        }

        if (json is JsonArray array)
        {
            var outcomes = array.Select(i => i is JsonValue v && v.TryGetValue<string>(out var o) ? o : i?.ToJsonString() ?? "").Where(o => o.Length > 0).ToList();
            return outcomes.Count == 0 ? ["Done"] : outcomes;
        }

        return ["Done"];
    }
}
