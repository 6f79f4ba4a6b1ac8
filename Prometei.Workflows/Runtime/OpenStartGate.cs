using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Runtime;

/// <summary>Every workflow may start: the gate when no gateway says otherwise.</summary>
public sealed class OpenStartGate : IWorkflowStartGate
{
    public ValueTask<string?> OffReasonAsync(Workflow workflow, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
