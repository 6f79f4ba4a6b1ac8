namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// The base of every activity. An activity object is built once per workflow version from the definition's JSON
/// and shared by all executions: it holds configuration (inputs, outputs, children), never execution state.
/// State lives in the <see cref="ActivityExecutionContext"/>.
/// </summary>
public abstract class Activity
{
    /// <summary>The node this activity object was built for.</summary>
    public ActivityNode Node { get; internal set; } = default!;

    /// <summary>Runs the activity. It must end by completing, suspending (a bookmark) or scheduling children.</summary>
    public abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when a bookmark this activity created is resumed. Completes by default.</summary>
    public virtual ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>Called on a container when one of its children completes.</summary>
    public virtual ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion child) => ValueTask.CompletedTask;
}
