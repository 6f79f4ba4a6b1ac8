using System.Dynamic;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

/// <summary>Liquid on Fluid with Elsa's objects and filters, and the limits that stop a runaway template.</summary>
public sealed class LiquidExpressionEvaluatorTests
{
    private static readonly LiquidExpressionEvaluator s_evaluator = new();

    [Fact]
    public async Task Variables_RenderByName()
    {
        IDictionary<string, object?> order = new ExpandoObject();
        order["code"] = "K-1";
        var context = new ExpressionContextBuilder().WithVariable("Name", "Aigerim").WithVariable("Order", (object)order).Build();

        Assert.Equal("Hi Aigerim, K-1", await EvaluateAsync("Hi {{ Variables.Name }}, {{ Variables.Order.code }}", context));
    }

    [Fact]
    public async Task Input_RendersWorkflowInput()
    {
        var context = new ExpressionContextBuilder().WithInput("Body", JsonNode.Parse("""{"items":[1,2,3]}""")).Build();

        Assert.Equal("3", await EvaluateAsync("{{ Input.Body.items | size }}", context));
    }

    [Fact]
    public async Task WorkflowObjects_RenderInstanceCorrelationAndDefinition()
    {
        var context = new ExpressionContextBuilder().Build();

        Assert.Equal(
            "instance-1 order-42 def-1 def-1:v3 3",
            await EvaluateAsync("{{ WorkflowInstanceId }} {{ CorrelationId }} {{ WorkflowDefinitionId }} {{ WorkflowDefinitionVersionId }} {{ WorkflowDefinitionVersion }}", context));
    }

    [Fact]
    public async Task Base64Filter_EncodesTextAsUtf8()
    {
        var context = new ExpressionContextBuilder().WithVariable("Text", "hi").Build();

        Assert.Equal("aGk=", await EvaluateAsync("{{ Variables.Text | base64 }}", context));
    }

    [Fact]
    public async Task KeysFilter_ListsAnObjectsKeys()
    {
        IDictionary<string, object?> order = new ExpandoObject();
        order["a"] = 1L;
        order["b"] = 2L;
        var context = new ExpressionContextBuilder().WithVariable("Order", (object)order).Build();

        Assert.Equal("a,b", await EvaluateAsync("{{ Variables.Order | keys | join: ',' }}", context));
    }

    [Fact]
    public async Task StandardFilters_Work()
    {
        var context = new ExpressionContextBuilder().WithVariable("Name", "aigerim").Build();

        Assert.Equal("AIGERIM", await EvaluateAsync("{{ Variables.Name | upcase }}", context));
    }

    [Fact]
    public async Task Result_ConvertsToTheInputsType()
    {
        var context = new ExpressionContextBuilder().WithVariable("Count", 4L).Build();

        var result = await s_evaluator.EvaluateAsync(new Expression("Liquid", JsonValue.Create("{{ Variables.Count | plus: 1 }}")), typeof(int), context, CancellationToken.None);

        Assert.Equal(5, result);
    }

    [Fact]
    public async Task SyntaxError_FailsNamingIt()
    {
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("{% if %}", context));

        Assert.StartsWith("Liquid expression does not parse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunawayLoop_IsStoppedAtTheStepLimit()
    {
        var evaluator = new LiquidExpressionEvaluator(new LiquidLimits { MaxSteps = 10_000 });
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => evaluator.EvaluateAsync(
            new Expression("Liquid", JsonValue.Create("{% for i in (1..100000000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}")),
            typeof(string), context, CancellationToken.None).AsTask());

        Assert.StartsWith("Liquid expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputBomb_IsStoppedAtTheOutputLimit()
    {
        var evaluator = new LiquidLimits { MaxOutputSize = 1000, MaxSteps = int.MaxValue };
        var context = new ExpressionContextBuilder().Build();

        await Assert.ThrowsAsync<ExpressionException>(() => new LiquidExpressionEvaluator(evaluator).EvaluateAsync(
            new Expression("Liquid", JsonValue.Create("{% for i in (1..100000) %}xxxxxxxxxx{% endfor %}")),
            typeof(string), context, CancellationToken.None).AsTask());
    }

    private static async Task<string?> EvaluateAsync(string template, ExpressionContext context) =>
        (string?)await s_evaluator.EvaluateAsync(new Expression("Liquid", JsonValue.Create(template)), typeof(string), context, CancellationToken.None);
}
