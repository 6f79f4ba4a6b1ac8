using System.Text.Json.Nodes;
using Prometei.Workflows.Activities;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>
/// Elsa's toolbox activities as Elsa runs them (elsa-core <c>src/modules/Elsa.Workflows.Core/Activities</c>): Sequence (also as
/// the root), Complete, Break, If, Switch, FlowSwitch, While, For, SetName and Correlate. Definitions are written in Elsa's
/// JSON shape by hand.
/// </summary>
public sealed class ToolboxActivityTests
{
    private readonly WorkflowHarness _harness = WorkflowHarness.Default;

    [Fact]
    public async Task Sequence_AsRoot_RunsItsActivitiesInOrder()
    {
        var workflow = _harness.Build(Definition(Activity("seq", "Elsa.Sequence", new()
        {
            ["activities"] = new JsonArray(WriteLine("one", "1"), WriteLine("two", "2"), WriteLine("three", "3")),
        })));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["1", "2", "3"], run.Lines);
    }

    [Fact]
    public async Task Sequence_WithComplete_StopsThere()
    {
        var workflow = _harness.Build(Definition(Activity("seq", "Elsa.Sequence", new()
        {
            ["activities"] = new JsonArray(WriteLine("one", "1"), Activity("complete", "Elsa.Complete"), WriteLine("two", "2")),
        })));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["1"], run.Lines);
    }

    [Theory]
    [InlineData("\"Approved\"", new[] { "Approved" })]
    [InlineData("[\"A\",\"B\"]", new[] { "A", "B" })]
    [InlineData(null, new[] { "Done" })]
    public void Complete_Outcomes_AreReadAsElsaReadsThem(string? json, string[] expected)
    {
        Assert.Equal(expected, Complete.Interpret(json is null ? null : JsonNode.Parse(json)));
    }

    [Fact]
    public async Task Complete_InFlowchart_EndsTheFlowchartAndCancelsTheOtherBranch()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .WriteLine("fork", "fork")
            .Event("wait", "never")
            .Add("complete", "Elsa.Complete")
            .Chain("fork", "wait")
            .Chain("fork", "complete"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Empty(run.State.Bookmarks);
    }

    [Theory]
    [InlineData(true, "then")]
    [InlineData(false, "else")]
    public async Task If_RunsThenOrElse(bool condition, string line)
    {
        var workflow = _harness.Build(Definition(Activity("if", "Elsa.If", new()
        {
            ["condition"] = FlowchartJson.Literal(condition ? "true" : "false", "Boolean"),
            ["then"] = WriteLine("then", "then"),
            ["else"] = WriteLine("else", "else"),
        })));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal([line], run.Lines);
        Assert.Equal(condition, run.State.ActivityOutputs["Workflow1:if"]["Result"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(5, "MatchFirst", new[] { "Small" })]
    [InlineData(5, "MatchAny", new[] { "Small", "Odd" })]
    [InlineData(50, "MatchFirst", new[] { "Default" })]
    public async Task FlowSwitch_ContinuesOnTheMatchingLabels(int amount, string mode, string[] outcomes)
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("switch", "Elsa.FlowSwitch", new()
            {
                ["cases"] = new JsonArray(Case("Small", "Input.Amount < 10"), Case("Odd", "Input.Amount % 2 == 1")),
                ["mode"] = FlowchartJson.Literal(mode),
            })
            .WriteLine("small", "Small")
            .WriteLine("odd", "Odd")
            .WriteLine("default", "Default")
            .Connect("switch", "small", "Small")
            .Connect("switch", "odd", "Odd")
            .Connect("switch", "default", "Default"));
        var state = _harness.Start(workflow, new JsonObject { ["Amount"] = amount });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(outcomes, run.Lines);
    }

    [Theory]
    [InlineData(5, new[] { "small" })]
    [InlineData(50, new[] { "default" })]
    public async Task Switch_RunsTheActivityOfTheMatchingCaseOrDefault(int amount, string[] lines)
    {
        var small = Case("Small", "Input.Amount < 10");
        small["activity"] = WriteLine("small", "small");
        var workflow = _harness.Build(Definition(Activity("switch", "Elsa.Switch", new()
        {
            ["cases"] = new JsonArray(small),
            ["default"] = WriteLine("default", "default"),
        })));
        var state = _harness.Start(workflow, new JsonObject { ["Amount"] = amount });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(lines, run.Lines);
    }

    [Fact]
    public async Task While_RunsItsBodyWhileTheConditionHolds()
    {
        var body = new FlowchartJson("body")
            .Variable("Counter", "Int32", "0")
            .SetVariable("increment", "Counter", FlowchartJson.CSharp("Variables.Counter + 1"));
        var workflow = _harness.Build(new FlowchartJson()
            .Variable("Counter", "Int32", "0")
            .Add("while", "Elsa.While", new()
            {
                ["condition"] = FlowchartJson.CSharp("Variables.Counter < 3", "Boolean"),
                ["body"] = body.ToActivity(),
            }));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(3, run.CompletedCount("increment"));
        Assert.Equal(3, run.State.Variables["Counter"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(1, 3, 1, true, new[] { "1", "2", "3" })]
    [InlineData(1, 3, 1, false, new[] { "1", "2" })]
    [InlineData(3, 1, -1, true, new[] { "3", "2", "1" })]
    public async Task For_CountsFromStartToEnd(int start, int end, int step, bool inclusive, string[] lines)
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("for", "Elsa.For", new()
            {
                ["start"] = FlowchartJson.Literal(start.ToString(System.Globalization.CultureInfo.InvariantCulture), "Int32"),
                ["end"] = FlowchartJson.Literal(end.ToString(System.Globalization.CultureInfo.InvariantCulture), "Int32"),
                ["step"] = FlowchartJson.Literal(step.ToString(System.Globalization.CultureInfo.InvariantCulture), "Int32"),
                ["outerBoundInclusive"] = FlowchartJson.Literal(inclusive ? "true" : "false", "Boolean"),
                ["body"] = WriteLine("line", FlowchartJson.CSharp("GetVariable<object>(\"CurrentValue\").ToString()", "String")),
            }));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(lines, run.Lines);
    }

    [Fact]
    public async Task Break_InsideAForBody_EndsTheLoop()
    {
        var body = new FlowchartJson("body")
            .WriteLine("line", FlowchartJson.CSharp("GetVariable<object>(\"CurrentValue\").ToString()", "String"))
            .Decision("stop", "Convert.ToInt32(GetVariable<object>(\"CurrentValue\")) == 2")
            .Add("break", "Elsa.Break")
            .Chain("line", "stop")
            .Connect("stop", "break", "True");
        var workflow = _harness.Build(new FlowchartJson()
            .Add("for", "Elsa.For", new()
            {
                ["start"] = FlowchartJson.Literal("1", "Int32"),
                ["end"] = FlowchartJson.Literal("5", "Int32"),
                ["body"] = body.ToActivity(),
            })
            .WriteLine("after", "after")
            .Chain("for", "after"));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["1", "2", "after"], run.Lines);
    }

    [Fact]
    public async Task SetNameAndCorrelate_SetTheInstancesNameAndCorrelationId()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("name", "Elsa.SetName", new() { ["value"] = FlowchartJson.Literal("Order 42") })
            .Add("correlate", "Elsa.Correlate", new() { ["correlationId"] = FlowchartJson.CSharp("\"order-\" + Input.Id", "String") })
            .Chain("name", "correlate"));
        var state = _harness.Start(workflow, new JsonObject { ["Id"] = 42 });

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal("Order 42", run.State.Name);
        Assert.Equal("order-42", run.State.CorrelationId);
    }

    [Theory]
    [InlineData(typeof(Sequence), "Elsa.Sequence", new string[] { "Done" })]
    [InlineData(typeof(Complete), "Elsa.Complete", new string[0])]
    [InlineData(typeof(Break), "Elsa.Break", new string[0])]
    [InlineData(typeof(If), "Elsa.If", new[] { "Done" })]
    [InlineData(typeof(FlowSwitch), "Elsa.FlowSwitch", new[] { "Default" })]
    [InlineData(typeof(Switch), "Elsa.Switch", new[] { "Done" })]
    [InlineData(typeof(While), "Elsa.While", new[] { "Done" })]
    [InlineData(typeof(For), "Elsa.For", new[] { "Done" })]
    [InlineData(typeof(SetName), "Elsa.SetName", new[] { "Done" })]
    [InlineData(typeof(Correlate), "Elsa.Correlate", new[] { "Done" })]
    public void Descriptor_HasElsasTypeNameAndOutcomes(Type type, string typeName, string[] outcomes)
    {
        var descriptor = _harness.Registry.Find(typeName);
        Assert.NotNull(descriptor);
        Assert.Equal(type, descriptor.ClrType);
        Assert.Equal(outcomes, descriptor.FlowPorts);
    }

    private static JsonObject Case(string label, string csharp) => new()
    {
        ["label"] = label,
        ["condition"] = new JsonObject { ["type"] = "CSharp", ["value"] = csharp },
    };

    private static JsonObject WriteLine(string id, string text) => WriteLine(id, FlowchartJson.Literal(text));

    private static JsonObject WriteLine(string id, JsonObject text) => Activity(id, "Elsa.WriteLine", new() { ["text"] = text });

    private static JsonObject Activity(string id, string type, JsonObject? properties = null)
    {
        var activity = new JsonObject { ["id"] = id, ["name"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (key, value) in properties ?? [])
        {
            activity[key] = value?.DeepClone();
        }

        return activity;
    }

    private static string Definition(JsonObject root) => new JsonObject
    {
        ["id"] = "toolbox:v1",
        ["definitionId"] = "toolbox",
        ["name"] = "toolbox",
        ["version"] = 1,
        ["variables"] = new JsonArray(),
        ["root"] = root,
    }.ToJsonString();
}
