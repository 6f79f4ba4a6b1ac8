using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's flowchart fork: continues on every one of its branches at once (one outcome per branch).</summary>
[Activity("Elsa", "Branching", "Branch execution into multiple branches.", TypeName = "Elsa.FlowFork", DisplayName = "Fork", Outcomes = [])]
public sealed class FlowFork : Activity
{
    [Input(Description = "A list of expected outcomes to handle.", UIHint = "dynamic-outcomes", DefaultSyntax = "Object")]
    public Input<List<string>> Branches { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = context.Get(Branches) ?? [];
        if (branches.Count == 0)
        {
            context.Complete();
        }
        else
        {
            context.Complete([.. branches]);
        }

        return ValueTask.CompletedTask;
    }
}
