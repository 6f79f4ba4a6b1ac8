using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>
/// Elsa.RunJavaScript and JavaScript inputs inside running workflows: results, outcomes, variables, and runaway scripts
/// that fault only their own instance.
/// </summary>
public sealed class RunJavaScriptTests
{
    // One limit each, so the test shows which one stopped the script.
    private static readonly WorkflowHarness s_timeLimited = Limited(new JavaScriptLimits { Timeout = TimeSpan.FromMilliseconds(300), MaxStatements = int.MaxValue });
    private static readonly WorkflowHarness s_memoryLimited = Limited(new JavaScriptLimits
    {
        Timeout = TimeSpan.FromMinutes(2), MemoryLimitBytes = 8 * 1024 * 1024, MaxStatements = int.MaxValue,
    });

    private static WorkflowHarness Limited(JavaScriptLimits limits) =>
        new(evaluators: new ExpressionEvaluatorRegistry([new LiteralExpressionEvaluator(), new JavaScriptExpressionEvaluator(limits)]));

    private static JsonObject Script(string code) => FlowchartJson.Literal(code);

    private static JsonObject JavaScript(string code, string typeName = "String") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = code },
    };

    [Fact]
    public async Task RunJavaScript_SetsVariablesAndRoutesByTheOutcomeTheScriptChose()
    {
        var workflow = WorkflowHarness.Default.Build(new FlowchartJson()
            .Variable("Total", "Int32", "1")
            .Add("script", "Elsa.RunJavaScript", new()
            {
                ["script"] = Script("variables.Total = variables.Total + 41; setOutcome(variables.Total > 40 ? 'Big' : 'Small'); return 'ok';"),
                ["possibleOutcomes"] = FlowchartJson.Object("""["Big","Small"]"""),
            })
            .WriteLine("big", JavaScript("'big ' + getVariable('Total')"))
            .WriteLine("small", "small")
            .Connect("script", "big", "Big")
            .Connect("script", "small", "Small"));
        var state = WorkflowHarness.Default.Start(workflow);

        var run = await WorkflowHarness.Default.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["big 42"], run.Lines);
        Assert.Equal(42L, state.Variables["Total"]!.GetValue<long>());
    }

    [Fact]
    public async Task JavaScript_ElsasInputAndOutputAccessors_ReadTheDeclaredInputAndANamedActivitysOutput()
    {
        var workflow = WorkflowHarness.Default.Build("""
            {"id": "v1", "definitionId": "accessors", "version": 1,
             "inputs": [{"name": "Message", "type": "String"}, {"name": "Missing", "type": "String"}],
             "root": {"id": "flow", "type": "Elsa.Flowchart", "version": 1, "activities": [
               {"id": "a", "name": "Compute answer", "type": "Elsa.RunJavaScript", "version": 1,
                "script": {"typeName": "String", "expression": {"type": "Literal", "value": "return 41;"}}},
               {"id": "b", "type": "Elsa.WriteLine", "version": 1,
                "text": {"typeName": "String", "expression": {"type": "JavaScript",
                         "value": "getMessage() + ' ' + (getResultFromComputeAnswer() + 1) + ' ' + getMissing()"}}}],
              "connections": [{"source": {"activity": "a", "port": "Done"}, "target": {"activity": "b", "port": "In"}}]}}
            """);
        var state = WorkflowHarness.Default.Start(workflow, new JsonObject { ["Message"] = "answer" });

        var run = await WorkflowHarness.Default.RunAsync(workflow, state);

        run.AssertFinished();
        Assert.Equal(["answer 42 null"], run.Lines);
    }

    [Fact]
    public async Task RunJavaScript_WithoutOutcome_ContinuesOnDone()
    {
        var workflow = WorkflowHarness.Default.Build(new FlowchartJson()
            .Add("script", "Elsa.RunJavaScript", new() { ["script"] = Script("1 + 1") })
            .WriteLine("after", "after")
            .Chain("script", "after"));

        var run = await WorkflowHarness.Default.RunAsync(workflow, WorkflowHarness.Default.Start(workflow));

        run.AssertFinished();
        Assert.Equal(["after"], run.Lines);
    }

    [Theory]
    [InlineData("while (true) {}", "ran longer than its limit")]
    [InlineData("const a = []; while (true) { a.push('x'.repeat(1000) + a.length); }", "allocated more than its limit")]
    public async Task RunawayScript_FaultsOnlyItsOwnInstance(string code, string expected)
    {
        var limited = expected.StartsWith("ran", StringComparison.Ordinal) ? s_timeLimited : s_memoryLimited;
        var workflow = limited.Build(new FlowchartJson()
            .Add("start", "Elsa.Start")
            .Add("script", "Elsa.RunJavaScript", new() { ["script"] = Script(code) })
            .Chain("start", "script"));
        var healthy = limited.Build(new FlowchartJson().WriteLine("hello", JavaScript("'hello from ' + workflowInstanceId")));
        var bad = limited.Start(workflow);
        var good = limited.Start(healthy);

        await limited.RunAsync(workflow, bad);
        var goodRun = await limited.RunAsync(healthy, good);

        Assert.Equal(WorkflowSubStatus.Faulted, bad.SubStatus);
        var incident = Assert.Single(bad.Incidents);
        Assert.Equal("script", incident.ActivityId);
        Assert.Contains(expected, incident.Message, StringComparison.Ordinal);
        goodRun.AssertFinished();
        Assert.Equal([$"hello from {good.Id}"], goodRun.Lines);
    }
}
