using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// What an activity may change on the instance itself (its name, its correlation id) and the break signal of loops.
/// These take effect at once; the activities that use them call them last, just before completing, so a failed attempt
/// never leaves half of them applied.
/// </summary>
public sealed partial class ActivityExecutionContext
{
    private const string BreakingKey = "breaking";

    /// <summary>The instance's name (Elsa's <c>SetName</c>).</summary>
    public string? WorkflowInstanceName => _execution.State.Name;

    /// <summary>Sets the instance's name, shown in the instance list.</summary>
    public void SetWorkflowInstanceName(string? name) => _execution.State.Name = name;

    /// <summary>Sets the instance's correlation id (Elsa's <c>Correlate</c>).</summary>
    public void SetCorrelationId(string? correlationId) => _execution.State.CorrelationId = correlationId;

    /// <summary>
    /// Elsa's break signal: marks the nearest enclosing loop (an activity that is <see cref="IBreakable"/>) as breaking, so it
    /// completes when its current iteration ends. Returns false when there is no loop to break out of.
    /// </summary>
    public bool RequestBreak()
    {
        for (var f = Frame.ParentId is null ? null : _execution.State.FindFrame(Frame.ParentId);
             f is not null;
             f = f.ParentId is null ? null : _execution.State.FindFrame(f.ParentId))
        {
            if (_execution.Workflow.GetNode(f.NodeId).Activity is IBreakable)
            {
                f.Properties[BreakingKey] = true;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a <c>Break</c> inside this loop asked it to stop.</summary>
    public bool IsBreaking => State.TryGetValue(BreakingKey, out var b) && b is JsonValue v && v.TryGetValue<bool>(out var breaking) && breaking;
}
