using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>The cases of Elsa's Switch and FlowSwitch: <c>[{"label", "condition": {"type", "value"}, "activity"?}]</c>.</summary>
internal static class SwitchCases
{
    /// <summary>The cases whose condition is true, in order (only the first with <c>MatchFirst</c>, Elsa's default mode).</summary>
    public static async Task<List<JsonObject>> MatchingAsync(ActivityExecutionContext context, string? mode)
    {
        var matches = new List<JsonObject>();
        if (context.Node.Json["cases"] is not JsonArray cases)
        {
            return matches;
        }

        foreach (var switchCase in cases.OfType<JsonObject>())
        {
            if (switchCase["condition"] is not JsonObject condition || condition["type"] is not JsonValue type || !type.TryGetValue<string>(out var language))
            {
                continue;
            }

            var value = await context.EvaluateAsync(new Expression(language, condition["value"]?.DeepClone()), typeof(bool));
            if (ValueConverter.ConvertTo(value, typeof(bool)) is true)
            {
                matches.Add(switchCase);
                if (!string.Equals(mode, "MatchAny", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }
        }

        return matches;
    }

    public static string Label(JsonObject switchCase) =>
        switchCase["label"] is JsonValue v && v.TryGetValue<string>(out var label) ? label : "";
}
