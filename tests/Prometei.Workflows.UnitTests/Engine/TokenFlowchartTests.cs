using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Prometei.Workflows.Activities;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>
/// Elsa's token-based flowchart (<c>Workflows:Flowchart:ExecutionMode=TokenBased</c>): each activity's
/// <c>customProperties.mergeMode</c> decides how it joins, as in elsa-core's <c>ForkDecisionJoinTests</c> and
/// <c>JoinRunsOnceTests</c>.
/// </summary>
public sealed class TokenFlowchartTests
{
    private static readonly WorkflowHarness s_harness = new(configureServices: services =>
        services.Configure<FlowchartOptions>(o => o.ExecutionMode = FlowchartExecutionMode.TokenBased));

    [Theory]
    [InlineData(null, new[] { "A", "C" }, WorkflowSubStatus.Finished)]
    [InlineData("Stream", new[] { "A", "C" }, WorkflowSubStatus.Finished)]
    [InlineData("Merge", new[] { "A" }, WorkflowSubStatus.Suspended)]
    [InlineData("Converge", new[] { "A" }, WorkflowSubStatus.Suspended)]
    [InlineData("Cascade", new[] { "A", "C" }, WorkflowSubStatus.Finished)]
    public async Task ForkWithDecisionNotTaken_JoinRunsByItsMergeMode(string? mergeMode, string[] lines, WorkflowSubStatus status)
    {
        // start → A → C and start → decision (False, unconnected; True → B → C).
        var workflow = s_harness.Build(new FlowchartJson()
            .Start()
            .WriteLine("A", "A")
            .WriteLine("B", "B")
            .Add("C", "Elsa.WriteLine", new()
            {
                ["text"] = FlowchartJson.Literal("C"),
                ["customProperties"] = mergeMode is null ? new JsonObject() : new JsonObject { ["mergeMode"] = mergeMode },
            })
            .Decision("decision", "false")
            .Chain("start", "A", "C")
            .Connect("start", "decision")
            .Connect("decision", "B", "True")
            .Chain("B", "C"));
        var state = s_harness.Start(workflow);

        var run = await s_harness.RunAsync(workflow, state);

        Assert.Equal(lines, run.Lines);
        Assert.Equal(status, run.State.SubStatus);
    }

    [Fact]
    public async Task ForkIntoMergeOfBothBranches_RunsTheJoinOnceAfterBoth()
    {
        const string mergeMode = "Merge";
        var workflow = s_harness.Build(new FlowchartJson()
            .Start()
            .WriteLine("a1", "a1")
            .WriteLine("b1", "b1")
            .WriteLine("b2", "b2")
            .Add("after", "Elsa.WriteLine", new()
            {
                ["text"] = FlowchartJson.Literal("after"),
                ["customProperties"] = new JsonObject { ["mergeMode"] = mergeMode },
            })
            .Chain("start", "a1", "after")
            .Chain("start", "b1", "b2", "after"));
        var state = s_harness.Start(workflow);

        var run = await s_harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["a1", "b1", "b2", "after"], run.Lines);
    }

    [Fact]
    public async Task ExplicitJoinWaitAny_IsRace_RunsOnceAndCancelsTheSlowerBranch()
    {
        var workflow = s_harness.Build(new FlowchartJson()
            .Start()
            .WriteLine("a1", "a1")
            .Event("slow", "never")
            .Join("join", "WaitAny")
            .WriteLine("after", "after")
            .Chain("start", "a1", "join")
            .Chain("start", "slow", "join")
            .Chain("join", "after"));
        var state = s_harness.Start(workflow);

        var run = await s_harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(1, run.CompletedCount("join"));
        Assert.Equal(["a1", "after"], run.Lines);
        Assert.Empty(run.State.Bookmarks);
    }

    [Fact]
    public async Task ExplicitJoinWaitAll_IsMerge_WaitsForABranchADecisionDidNotTake()
    {
        var workflow = s_harness.Build(new FlowchartJson()
            .Start()
            .WriteLine("a1", "a1")
            .Decision("decision", "false")
            .WriteLine("b1", "b1")
            .Join("join", "WaitAll")
            .WriteLine("after", "after")
            .Chain("start", "a1", "join")
            .Connect("start", "decision")
            .Connect("decision", "b1", "True")
            .Chain("b1", "join")
            .Chain("join", "after"));
        var state = s_harness.Start(workflow);

        var run = await s_harness.RunAsync(workflow, state);

        Assert.Equal(["a1"], run.Lines);
        Assert.Equal(0, run.CompletedCount("join"));
        Assert.Equal(WorkflowSubStatus.Suspended, run.State.SubStatus);
    }

    [Fact]
    public async Task Loop_BackConnection_RunsEachRound()
    {
        var workflow = s_harness.Build(new FlowchartJson()
            .Variable("Counter", "Int32", "0")
            .Start()
            .SetVariable("increment", "Counter", FlowchartJson.CSharp("Variables.Counter + 1"))
            .Decision("decision", "Variables.Counter < 3")
            .WriteLine("done", "done")
            .Chain("start", "increment", "decision")
            .Connect("decision", "increment", "True")
            .Connect("decision", "done", "False"));
        var state = s_harness.Start(workflow);

        var run = await s_harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(3, run.CompletedCount("increment"));
        Assert.Equal(["done"], run.Lines);
    }
}
