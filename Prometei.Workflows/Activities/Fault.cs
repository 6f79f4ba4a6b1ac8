using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Activities;

/// <summary>Elsa's Fault: faults the workflow with a message (an incident, no retry).</summary>
[Activity("Elsa", "Primitives", "Faults the workflow.", TypeName = "Elsa.Fault", IsTerminal = true)]
public sealed class Fault : Activity
{
    [Input(Description = "The fault message.")]
    public Input<string> Message { get; set; } = new();

    [Input(Description = "A code for the fault.")]
    public Input<string> Code { get; set; } = new();

    public override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var code = context.Get(Code);
        var message = context.Get(Message) ?? "The workflow faulted.";
        throw new ActivityException(string.IsNullOrEmpty(code) ? message : $"{code}: {message}", isTransient: false);
    }
}
