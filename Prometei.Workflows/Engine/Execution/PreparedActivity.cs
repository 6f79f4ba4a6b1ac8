using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>An activity whose inputs are evaluated and whose journal record is open, ready to be invoked.</summary>
internal sealed class PreparedActivity(ActivityFrame frame, ActivityNode node, ActivityExecutionContext context, ActivityExecutionRecord record, Exception? failure)
{
    public ActivityFrame Frame { get; } = frame;

    public ActivityNode Node { get; } = node;

    public ActivityExecutionContext Context { get; } = context;

    public ActivityExecutionRecord Record { get; } = record;

    public Exception? Failure { get; set; } = failure;
}
