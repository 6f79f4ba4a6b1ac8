using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class ParallelForEachTests
{
    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Fact]
    public async Task ParallelForEach_MaxDegreeTwoWithSuspendingBody_RunsTwoBodiesAtATime()
    {
        var body = new FlowchartJson("body")
            .Event("wait", FlowchartJson.CSharp("\"approve-\" + Variables.CurrentValue", "String"))
            .WriteLine("done", FlowchartJson.CSharp("$\"done {Variables.CurrentValue} #{Variables.CurrentIndex}\"", "String"))
            .Chain("wait", "done");
        var workflow = _harness.Build(new FlowchartJson()
            .Add("loop", "Elsa.ParallelForEach", new()
            {
                ["items"] = FlowchartJson.Object("""["a", "b", "c", "d", "e"]"""),
                ["maxDegreeOfParallelism"] = FlowchartJson.Literal("2", "Int32"),
                ["body"] = body.ToActivity(),
            })
            .WriteLine("after", "after")
            .Connect("loop", "after"));
        var state = _harness.Start(workflow);

        var first = await _harness.RunAsync(workflow, state);

        Assert.Equal(WorkflowSubStatus.Suspended, first.State.SubStatus);
        Assert.Equal(["Event:approve-a", "Event:approve-b"], BookmarkNames(state));
        Assert.Equal(2, BodyFrames(state));
        Assert.Empty(first.Lines);

        // Resumed out of order: each body still sees its own item, and each finished body lets the next item start.
        (string Item, string Line, string[] WaitingAfter)[] resumes =
        [
            ("b", "done b #1", ["Event:approve-a", "Event:approve-c"]),
            ("a", "done a #0", ["Event:approve-c", "Event:approve-d"]),
            ("d", "done d #3", ["Event:approve-c", "Event:approve-e"]),
            ("c", "done c #2", ["Event:approve-e"]),
        ];
        foreach (var (item, line, waitingAfter) in resumes)
        {
            var run = await _harness.ResumeAsync(workflow, state, $"Event:approve-{item}", new JsonObject { ["approvedBy"] = "ops" });

            Assert.Equal([line], run.Lines);
            Assert.Equal(waitingAfter, BookmarkNames(state));
            Assert.Equal(waitingAfter.Length, BodyFrames(state));
            Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);
        }

        var last = await _harness.ResumeAsync(workflow, state, "Event:approve-e");

        last.AssertFinished();
        Assert.Equal(["done e #4", "after"], last.Lines);
        Assert.Empty(state.Bookmarks);
    }

    private static List<string> BookmarkNames(WorkflowState state) => [.. state.Bookmarks.Select(b => b.Name).Order(StringComparer.Ordinal)];

    private static int BodyFrames(WorkflowState state) => state.Frames.Count(f => f.NodeId.EndsWith(":loop:body", StringComparison.Ordinal));
}
