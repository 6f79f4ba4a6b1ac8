using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's Finish: ends the whole workflow at once, cancelling whatever else still runs or waits.</summary>
[Activity("Elsa", "Primitives", "Mark the workflow as finished.", TypeName = "Elsa.Finish", IsTerminal = true)]
public sealed class Finish : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.FinishWorkflow();
        return ValueTask.CompletedTask;
    }
}
