namespace Prometei.Workflows.UnitTests.Engine;

public sealed class ForEachTests
{
    private const string AppendCurrentValue =
        "new List<object>((IEnumerable<object>)(Variables.Processed ?? new List<object>())) { Variables.CurrentValue }";

    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Fact]
    public async Task ForEach_JsonArrayWithFlowchartBody_ProcessesItemsInOrder()
    {
        var body = new FlowchartJson("body")
            .SetVariable("append", "Processed", FlowchartJson.CSharp(AppendCurrentValue))
            .WriteLine("log", FlowchartJson.CSharp("$\"{Variables.CurrentIndex}: {Variables.CurrentValue}\"", "String"))
            .Chain("append", "log");
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Processed", "Object")
            .Add("loop", "Elsa.ForEach", new()
            {
                ["items"] = FlowchartJson.Object("""["charlie", "alpha", "delta", "bravo"]"""),
                ["body"] = body.ToActivity(),
            })
            .WriteLine("after", FlowchartJson.CSharp("string.Join(\",\", (IEnumerable<object>)Variables.Processed)", "String"))
            .Connect("loop", "after"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["0: charlie", "1: alpha", "2: delta", "3: bravo", "charlie,alpha,delta,bravo"], run.Lines);
        Assert.Equal(["charlie", "alpha", "delta", "bravo"], run.State.Variables["Processed"]!.AsArray().Select(i => (string?)i));
        Assert.Equal(4, run.CompletedCount("body"));
    }

    [Fact]
    public async Task ForEach_EmptyArray_SkipsBodyAndContinues()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("loop", "Elsa.ForEach", new()
            {
                ["items"] = FlowchartJson.Object("[]"),
                ["body"] = new FlowchartJson("body").WriteLine("log", "body ran").ToActivity(),
            })
            .WriteLine("after", "after")
            .Connect("loop", "after"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["after"], run.Lines);
    }
}
