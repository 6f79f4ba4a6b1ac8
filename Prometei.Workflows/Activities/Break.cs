using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's Break: the nearest enclosing loop (While, For, ForEach) or sequence stops after the current iteration, and the
/// flowchart it is in ends at once (a terminal node).
/// </summary>
[Activity("Elsa", "Looping", "Break out of a loop.", TypeName = "Elsa.Break", IsTerminal = true)]
public sealed class Break : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.RequestBreak();
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
