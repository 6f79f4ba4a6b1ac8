using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's explicit join. The flowchart decides when it runs (the join itself just completes): <c>WaitAny</c> runs it on the
/// first branch that arrives and cancels the others still running; <c>WaitAll</c> waits for every inbound connection and
/// runs only when all were taken (else it is skipped); <c>WaitAllActive</c> waits for every inbound connection and runs
/// when at least one was taken. In token-based flowcharts WaitAny acts as the Race merge mode and the others as Merge.
/// </summary>
[Activity("Elsa", "Branching", "Explicitly merge multiple branches into a single branch of execution.", TypeName = "Elsa.FlowJoin", DisplayName = "Join")]
public sealed class FlowJoin : Activity
{
    [Input(Description = "The join mode determines whether this activity should continue as soon as one inbound path comes in (WaitAny), or once all inbound paths have executed (WaitAll). To wait for all activated inbound paths, set the mode to WaitAllActive.",
        UIHint = InputUIHints.Dropdown, Options = ["WaitAll", "WaitAllActive", "WaitAny"], DefaultValue = "WaitAny")]
    public Input<string> Mode { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>The literal mode of a join node (<c>WaitAny</c>, <c>WaitAll</c> or <c>WaitAllActive</c>; WaitAny when unset).</summary>
    internal static string ModeOf(ActivityNode node)
    {
        var modeNode = node.Json["mode"] is JsonObject wrapped ? wrapped["expression"]?["value"] : node.Json["mode"];
        var mode = modeNode switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<int>(out var n) => n switch { 0 => "WaitAll", 1 => "WaitAllActive", _ => "WaitAny" },
            _ => null,
        };
        return mode?.Trim() switch
        {
            var m when string.Equals(m, "WaitAll", StringComparison.OrdinalIgnoreCase) => "WaitAll",
            var m when string.Equals(m, "WaitAllActive", StringComparison.OrdinalIgnoreCase) => "WaitAllActive",
            _ => "WaitAny",
        };
    }
}
