using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>What one or more engine steps produced: the state after them and the journal they wrote.</summary>
internal sealed record WorkflowRun(WorkflowState State, IReadOnlyList<ExecutionStep> Steps)
{
    public IEnumerable<ExecutionLogRecord> Log => Steps.SelectMany(s => s.Log);

    /// <summary>What the WriteLine activities wrote, in order.</summary>
    public IReadOnlyList<string?> Lines => Log.Where(l => l.Source == "WriteLine").Select(l => l.Message).ToList();

    /// <summary>The last version of every activity execution record written by the steps.</summary>
    public IEnumerable<ActivityExecutionRecord> Records =>
        Steps.SelectMany(s => s.Records).GroupBy(r => r.Id).Select(g => g.Last());

    /// <summary>Asserts that the instance finished without a fault, and says why it faulted when it did.</summary>
    public void AssertFinished()
    {
        Assert.True(
            State is { Status: WorkflowStatus.Finished, SubStatus: WorkflowSubStatus.Finished },
            $"The instance is {State.Status}/{State.SubStatus}. Fault: {State.Fault?.Message}");
    }

    /// <summary>How many times the activity with this id completed.</summary>
    public int CompletedCount(string activityId) => Log.Count(l => l.ActivityId == activityId && l.EventName == "Completed");

    /// <summary>The journal sequence of the activity's (first) log entry with the given event name.</summary>
    public long Sequence(string activityId, string eventName) =>
        Log.First(l => l.ActivityId == activityId && l.EventName == eventName).Sequence;
}
