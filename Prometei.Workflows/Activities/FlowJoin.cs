using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's join: with <c>WaitAny</c> it continues on the first branch that arrives (and cancels the others still running);
/// with <c>WaitAll</c> it waits for every incoming branch that was taken.
/// </summary>
[Activity("Elsa", "Branching", "Merge multiple branches into a single branch of execution.", TypeName = "Elsa.FlowJoin", DisplayName = "Join")]
public sealed class FlowJoin : Activity
{
    [Input(Description = "WaitAny: continue when the first branch arrives. WaitAll: wait for all taken branches.",
        UIHint = InputUIHints.Dropdown, Options = ["WaitAny", "WaitAll"], DefaultValue = "WaitAny")]
    public Input<string> Mode { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
