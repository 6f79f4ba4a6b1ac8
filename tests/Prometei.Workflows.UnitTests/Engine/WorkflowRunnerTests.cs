using System.Text.Json;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class WorkflowRunnerTests
{
    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Fact]
    public async Task CreateInstance_WithInput_InputVisibleToCSharpExpressions()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Greeting", "String")
            .SetVariable("greet", "Greeting", FlowchartJson.CSharp("\"Hello, \" + Input.Customer.name + \" (\" + Input.OrderId + \")\""))
            .WriteLine("say", FlowchartJson.CSharp("Variables.Greeting", "String"))
            .Chain("greet", "say"));
        var state = _harness.Start(workflow, new JsonObject
        {
            ["OrderId"] = "A-17",
            ["Customer"] = new JsonObject { ["name"] = "Aigerim" },
        });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal("Hello, Aigerim (A-17)", (string?)run.State.Variables["Greeting"]);
        Assert.Equal(["Hello, Aigerim (A-17)"], run.Lines);
    }

    [Fact]
    public async Task CreateInstance_VariableDefaults_TypedFromDefinition()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Count", "Int32", "41")
            .Variable("Label", "String", "orders")
            .Variable("Empty", "Int32")
            .SetVariable("increment", "Count", FlowchartJson.CSharp("Variables.Count + 1"))
            .WriteLine("say", FlowchartJson.CSharp("$\"{Variables.Label}: {Variables.Count}\"", "String"))
            .Chain("increment", "say"));

        var state = _harness.Start(workflow);

        // Studio sends "41" as text; an Int32 variable starts as the number, so C# arithmetic works on it.
        Assert.Equal(JsonValueKind.Number, state.Variables["Count"]!.GetValueKind());
        Assert.Equal(41, state.Variables["Count"]!.GetValue<int>());
        Assert.Equal("orders", (string?)state.Variables["Label"]);
        Assert.Null(state.Variables["Empty"]);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(42, run.State.Variables["Count"]!.GetValue<long>());
        Assert.Equal(["orders: 42"], run.Lines);
    }

    [Fact]
    public async Task SetVariable_LiteralTextIntoInt32Variable_StoresNumber()
    {
        // Studio stores what a user types into a Literal box as text; the variable's declared type decides what is kept.
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Count", "Int32", "0")
            .SetVariable("set", "Count", FlowchartJson.Literal("5", "Object"))
            .Decision("decision", "Variables.Count > 3")
            .WriteLine("big", "big")
            .Chain("set", "decision")
            .Connect("decision", "big", "True"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(JsonValueKind.Number, run.State.Variables["Count"]!.GetValueKind());
        Assert.Equal(["big"], run.Lines);
    }

    [Fact]
    public async Task SetVariable_TextThatIsNoNumberIntoInt32Variable_FaultsWithIncident()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Count", "Int32", "0")
            .SetVariable("set", "Count", FlowchartJson.Literal("five", "Object")));
        var state = _harness.Start(workflow);

        await _harness.RunAsync(workflow, state);

        Assert.Equal(WorkflowSubStatus.Faulted, state.SubStatus);
        Assert.Contains("does not fit variable 'Count'", Assert.Single(state.Incidents).Message, StringComparison.Ordinal);
        Assert.Equal(0, state.Variables["Count"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_CSharpThatDoesNotCompile_FaultsOnlyThatInstance()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Decision("decision", "Input.Path == \"bad\"")
            .WriteLine("broken", FlowchartJson.CSharp("Variables.Count +", "String"))
            .WriteLine("good", "good path")
            .Connect("decision", "broken", "True")
            .Connect("decision", "good", "False"));
        var bad = _harness.Start(workflow, new JsonObject { ["Path"] = "bad" });
        var good = _harness.Start(workflow, new JsonObject { ["Path"] = "good" });

        var badException = await Record.ExceptionAsync(() => _harness.RunAsync(workflow, bad));
        var goodRun = await _harness.RunAsync(workflow, good);

        Assert.Null(badException);
        Assert.Equal(WorkflowStatus.Finished, bad.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, bad.SubStatus);
        var incident = Assert.Single(bad.Incidents);
        Assert.Equal("broken", incident.ActivityId);
        Assert.Contains("'broken'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("input 'Text'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("does not compile", incident.Message, StringComparison.Ordinal);
        Assert.Equal("broken", bad.Fault?.FaultedActivityId);
        goodRun.AssertFinished();
        Assert.Equal(["good path"], goodRun.Lines);
        Assert.Empty(good.Incidents);
    }

    [Fact]
    public async Task RunAsync_CSharpThatThrowsAtRuntime_FaultsOnlyThatInstance()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .WriteLine("parse", FlowchartJson.CSharp("\"Parsed \" + int.Parse((string)Input.Number)", "String")));
        var bad = _harness.Start(workflow, new JsonObject { ["Number"] = "twelve" });
        var good = _harness.Start(workflow, new JsonObject { ["Number"] = "12" });

        var badException = await Record.ExceptionAsync(() => _harness.RunAsync(workflow, bad));
        var goodRun = await _harness.RunAsync(workflow, good);

        Assert.Null(badException);
        Assert.Equal(WorkflowSubStatus.Faulted, bad.SubStatus);
        var incident = Assert.Single(bad.Incidents);
        Assert.Contains("'parse'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("input 'Text'", incident.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FormatException), incident.Message, StringComparison.Ordinal);
        goodRun.AssertFinished();
        Assert.Equal(["Parsed 12"], goodRun.Lines);
    }
}
