using System.Collections;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>What the loops share: reading the items, and the locals each body sees.</summary>
internal static class LoopItems
{
    public static List<object?> From(object? value) => value switch
    {
        null => [],
        string s when s.TrimStart().StartsWith('[') => (List<object?>)ValueConverter.ConvertTo(s, typeof(List<object?>))!,
        string => throw new ActivityException("The items to iterate are text, not a list.", isTransient: false),
        IDictionary<string, object?> => throw new ActivityException("The items to iterate are an object, not a list.", isTransient: false),
        IEnumerable e => e.Cast<object?>().ToList(),
        _ => [value],
    };

    public static Dictionary<string, object?> Locals(object? item, int index) => new(StringComparer.Ordinal)
    {
        ["CurrentValue"] = item,
        ["CurrentIndex"] = index,
    };
}
