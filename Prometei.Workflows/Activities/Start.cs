using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's Start: marks where a manually run flowchart begins.</summary>
[Activity("Elsa", "Flow", "The starting point of the flowchart.", TypeName = "Elsa.Start")]
public sealed class Start : Activity
{
    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
