using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's End: ends its branch of the flowchart.</summary>
[Activity("Elsa", "Flow", "Ends this branch of the flowchart.", TypeName = "Elsa.End", IsTerminal = true)]
public sealed class End : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
