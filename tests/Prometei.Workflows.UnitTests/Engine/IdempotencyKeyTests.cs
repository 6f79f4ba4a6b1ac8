using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class IdempotencyKeyTests
{
    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Fact]
    public async Task IdempotencyKey_StepRerunFromSavedState_IsTheSame()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("charge", "Test.RecordIdempotencyKey")
            .Add("notify", "Test.RecordIdempotencyKey")
            .WriteLine("after", "after")
            .Chain("charge", "notify", "after"));
        var state = _harness.Start(workflow);

        // An effect is a commit boundary: the first step ends after "charge", with "notify" queued.
        var first = await _harness.Runner.RunAsync(workflow, state, new Stimulus.Continue());
        Assert.True(first.HasMoreWork);
        var saved = WorkflowJson.Serialize(state);

        // "notify" runs, then the process dies before the step is committed ...
        await _harness.Runner.RunAsync(workflow, state, new Stimulus.Continue());
        // ... so the runtime runs the same step again from the last committed state.
        var restored = WorkflowJson.Deserialize<WorkflowState>(saved);
        var rerun = await _harness.RunAsync(workflow, restored);

        rerun.AssertFinished();
        var keys = RecordIdempotencyKey.Keys(state.Id);
        Assert.Equal(3, keys.Count);
        Assert.Equal(keys[1], keys[2]);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.StartsWith($"{state.Id}:Workflow1:flowchart1:notify:", keys[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdempotencyKey_ResumeRerunFromSavedState_IsTheSame()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Event("paid", "payment-received")
            .Add("ship", "Test.RecordIdempotencyKey")
            .Chain("paid", "ship"));
        var state = _harness.Start(workflow);
        await _harness.RunAsync(workflow, state);
        var saved = WorkflowJson.Serialize(state);

        // The resume schedules "ship" inside the step that then dies; the rerun schedules it again from the saved state.
        await _harness.ResumeAsync(workflow, state, "Event:payment-received");
        var rerun = await _harness.ResumeAsync(workflow, WorkflowJson.Deserialize<WorkflowState>(saved), "Event:payment-received");

        rerun.AssertFinished();
        var keys = RecordIdempotencyKey.Keys(state.Id);
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task IdempotencyKey_LoopIterations_DifferPerIteration()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Counter", "Int32", "0")
            .Start()
            .SetVariable("increment", "Counter", FlowchartJson.CSharp("Variables.Counter + 1"))
            .Add("effect", "Test.RecordIdempotencyKey")
            .Decision("again", "Variables.Counter < 3")
            .Chain("start", "increment", "effect", "again")
            .Connect("again", "increment", "True"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        var keys = RecordIdempotencyKey.Keys(state.Id);
        Assert.Equal(3, keys.Count);
        Assert.Equal(3, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith($"{state.Id}:Workflow1:flowchart1:effect:", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdempotencyKey_SameDefinitionOtherInstance_Differs()
    {
        var workflow = _harness.Build(new FlowchartJson().Add("effect", "Test.RecordIdempotencyKey"));
        var one = _harness.Start(workflow);
        var two = _harness.Start(workflow);

        await _harness.RunAsync(workflow, one);
        await _harness.RunAsync(workflow, two);

        Assert.NotEqual(Assert.Single(RecordIdempotencyKey.Keys(one.Id)), Assert.Single(RecordIdempotencyKey.Keys(two.Id)));
    }
}
