using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Says whether a trigger may start a workflow now. The Cron and Timer scheduler skips a slot, an HTTP trigger answers 503
/// problem and an event starts nothing for a workflow whose flow is off (its vendors are not configured in the gateway).
/// </summary>
public interface IWorkflowStartGate
{
    /// <summary>Null when <paramref name="workflow"/> may start; otherwise why not ("flow off: ERP is not configured …").</summary>
    ValueTask<string?> OffReasonAsync(Workflow workflow, CancellationToken cancellationToken);
}
