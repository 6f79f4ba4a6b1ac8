using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class ActivityRetryTests
{
    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Fact]
    public async Task TransientFailure_RetriedUntilMaxAttemptsThenFaulted_OperatorRetrySucceeds()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("flaky", "Test.FailTransiently", new()
            {
                ["failedCalls"] = FlowchartJson.Literal("3", "Int32"),
                ["customProperties"] = JsonNode.Parse("""
                    { "retryPolicy": { "maxAttempts": 3, "initialDelay": "00:00:02", "factor": 2, "maxDelay": "00:01:00", "jitter": 0 } }
                    """),
            })
            .WriteLine("after", "after")
            .Connect("flaky", "after"));
        var state = _harness.Start(workflow);

        // Attempt 1 fails: a retry is scheduled, nothing is faulted.
        var before = DateTimeOffset.UtcNow;
        var first = await _harness.RunAsync(workflow, state);
        var frame = Assert.Single(state.Frames, f => f.NodeId.EndsWith(":flaky", StringComparison.Ordinal));
        var wakeUp = Assert.Single(first.Steps.SelectMany(s => s.WakeUps));
        Assert.Equal(WakeUpKind.RetryActivity, wakeUp.Kind);
        Assert.Equal(frame.Id, wakeUp.TargetId);
        Assert.Equal(FrameStatus.RetryScheduled, frame.Status);
        Assert.InRange(wakeUp.At - before, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Empty(state.Incidents);

        // Attempt 2 fails as well; its wake-up doubles the delay.
        var second = await _harness.RunAsync(workflow, state, new Stimulus.RetryActivity(frame.Id));
        Assert.Equal(2, Assert.Single(second.Records, r => r.ActivityId == "flaky").Attempt);
        Assert.InRange(Assert.Single(second.Steps.SelectMany(s => s.WakeUps)).At - wakeUp.At, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        Assert.Equal(FrameStatus.RetryScheduled, frame.Status);
        Assert.Equal(2, FailTransiently.Calls(state.Id));

        // Attempt 3 is the last one the policy allows: the instance faults with an incident.
        var third = await _harness.RunAsync(workflow, state, new Stimulus.RetryActivity(frame.Id));
        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Equal(FrameStatus.Faulted, frame.Status);
        Assert.Empty(third.Steps.SelectMany(s => s.WakeUps));
        var incident = Assert.Single(state.Incidents);
        Assert.Equal("flaky", incident.ActivityId);
        Assert.Contains("gave up after 3 attempts", incident.Message, StringComparison.Ordinal);
        Assert.Equal(ActivityExecutionStatus.Faulted, Assert.Single(third.Records, r => r.ActivityId == "flaky").Status);

        // An operator retries the faulted instance; the fourth call succeeds.
        var retried = await _harness.RunAsync(workflow, state, new Stimulus.RetryFaulted());

        retried.AssertFinished();
        Assert.Equal(["after"], retried.Lines);
        Assert.Equal(4, FailTransiently.Calls(state.Id));
        Assert.Single(FailTransiently.Keys(state.Id).Distinct());
    }

    [Fact]
    public async Task RetryActivity_ForFrameNotWaitingForRetry_DoesNothing()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("flaky", "Test.FailTransiently", new() { ["failedCalls"] = FlowchartJson.Literal("1", "Int32") }));
        var state = _harness.Start(workflow);
        await _harness.RunAsync(workflow, state);
        var frame = Assert.Single(state.Frames, f => f.Status == FrameStatus.RetryScheduled);
        await _harness.RunAsync(workflow, state, new Stimulus.RetryActivity(frame.Id));
        Assert.Equal(WorkflowSubStatus.Finished, state.SubStatus);

        var repeated = await _harness.RunAsync(workflow, state, new Stimulus.RetryActivity(frame.Id));

        Assert.Equal(0, repeated.Steps.Sum(s => s.ActivitiesExecuted));
        Assert.Equal(2, FailTransiently.Calls(state.Id));
    }
}
