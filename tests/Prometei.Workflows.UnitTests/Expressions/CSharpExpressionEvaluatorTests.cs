using System.Dynamic;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

public sealed class CSharpExpressionEvaluatorTests
{
    // Scripting compiles are slow; most tests share one evaluator, as the server shares its singleton.
    private static readonly CSharpExpressionEvaluator s_shared = new();

    [Fact]
    public async Task EvaluateAsync_ReadsVariable_ReturnsComputedValue()
    {
        var context = new ExpressionContextBuilder().WithVariable("Count", 4L).Build();

        var result = await EvaluateAsync("Variables.Count + 1", typeof(int), context);

        Assert.Equal(5, result);
    }

    [Fact]
    public async Task EvaluateAsync_AssignsVariable_StoresPlainValue()
    {
        var builder = new ExpressionContextBuilder().WithVariable("Count", 1L);

        var result = await EvaluateAsync("Variables.Count = 5", typeof(object), builder.Build());

        Assert.Equal(5, result);
        Assert.Equal(5L, builder.Variables["Count"]);
    }

    [Fact]
    public async Task EvaluateAsync_SetVariableAndIndexer_WriteVariables()
    {
        var builder = new ExpressionContextBuilder().Declare("Status").Declare("order-id");

        await EvaluateAsync("""SetVariable("Status", "Done"); Variables["order-id"] = 17;""", typeof(object), builder.Build());

        Assert.Equal("Done", builder.Variables["Status"]);
        Assert.Equal(17L, builder.Variables["order-id"]);
    }

    [Fact]
    public async Task EvaluateAsync_ReadsInput_ReturnsComputedValue()
    {
        var context = new ExpressionContextBuilder().WithInput("OrderId", "A-17").Build();

        var result = await EvaluateAsync("""Input.OrderId + "/" + GetInput<string>("OrderId")""", typeof(string), context);

        Assert.Equal("A-17/A-17", result);
    }

    [Fact]
    public async Task EvaluateAsync_ReadsNestedJsonInput_ReturnsMember()
    {
        var context = new ExpressionContextBuilder().WithInput("Body", JsonNode.Parse("""{"customer":{"name":"Aigerim"}}""")).Build();

        var result = await EvaluateAsync("Input.Body.customer.name", typeof(string), context);

        Assert.Equal("Aigerim", result);
    }

    [Fact]
    public async Task EvaluateAsync_AssignsInput_ThrowsReadOnly()
    {
        var context = new ExpressionContextBuilder().WithInput("OrderId", "A-17").Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("""Input.OrderId = "B" """, typeof(object), context));

        Assert.StartsWith("C# expression failed: InvalidOperationException:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_LinqOverListVariable_ReturnsAggregate()
    {
        var context = new ExpressionContextBuilder().WithVariable("Numbers", new List<object?> { 1L, 2L, 3L, 4L }).Build();

        var typed = await EvaluateAsync("""GetVariable<List<int>>("Numbers")!.Where(n => n > 2).Sum()""", typeof(int), context);
        var cast = await EvaluateAsync("((IEnumerable<object>)Variables.Numbers).Select(Convert.ToInt64).Count(n => n % 2 == 0)", typeof(int), context);

        Assert.Equal(7, typed);
        Assert.Equal(2, cast);
    }

    [Fact]
    public async Task EvaluateAsync_ExpandoVariable_ReadsMembers()
    {
        dynamic order = new ExpandoObject();
        order.Total = 1500.5m;
        var context = new ExpressionContextBuilder().WithVariable("Order", (object)order).Build();

        var result = await EvaluateAsync("Variables.Order.Total * 2", typeof(decimal), context);

        Assert.Equal(3001.0m, result);
    }

    [Fact]
    public async Task EvaluateAsync_InstanceAndOutput_AreVisible()
    {
        var context = new ExpressionContextBuilder().WithOutput("GetOrder1", "Output", "paid").Build();

        var result = await EvaluateAsync("""$"{WorkflowInstanceId}|{CorrelationId}|{GetOutput("GetOrder1")}" """, typeof(string), context);

        Assert.Equal("instance-1|order-42|paid", result);
    }

    [Fact]
    public async Task EvaluateAsync_UndeclaredVariable_ThrowsNamingIt()
    {
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("Variables.Missing", typeof(object), context));

        Assert.Equal("C# expression failed: KeyNotFoundException: The workflow declares no variable 'Missing'.", ex.Message);
    }

    [Fact]
    public async Task EvaluateAsync_CompileError_ThrowsWithPositionAndCode()
    {
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("1 + undefinedName", typeof(int), context));

        Assert.StartsWith("C# expression does not compile: 1:5 CS0103 ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("undefinedName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_RuntimeError_ThrowsWithTypeAndMessage()
    {
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(
            () => EvaluateAsync("""throw new InvalidOperationException("boom");""", typeof(object), context));

        Assert.Equal("C# expression failed: InvalidOperationException: boom", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public async Task EvaluateAsync_ResultOfOtherType_IsConverted()
    {
        var context = new ExpressionContextBuilder().Build();

        Assert.Equal(42, await EvaluateAsync("\"42\"", typeof(int), context));
        Assert.Equal("2.5", await EvaluateAsync("2.5m", typeof(string), context));
    }

    [Fact]
    public async Task EvaluateAsync_SameText100Times_CompilesOnce()
    {
        var evaluator = new CSharpExpressionEvaluator();
        var context = new ExpressionContextBuilder().WithVariable("Count", 1L).Build();

        // Half at once (racing for the first compile), half one after another.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => EvaluateAsync(evaluator, "Variables.Count * 2", typeof(long), context)));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(2L, await EvaluateAsync(evaluator, "Variables.Count * 2", typeof(long), context));
        }

        Assert.Equal(1, evaluator.CompiledCount);
    }

    [Fact]
    public async Task EvaluateAsync_TwoTexts_CompilesTwice()
    {
        var evaluator = new CSharpExpressionEvaluator();
        var context = new ExpressionContextBuilder().Build();

        var results = await Task.WhenAll(
            EvaluateAsync(evaluator, "1 + 1", typeof(int), context),
            EvaluateAsync(evaluator, "2 + 2", typeof(int), context),
            EvaluateAsync(evaluator, "1 + 1", typeof(int), context));

        Assert.Equal([2, 4, 2], results);
        Assert.Equal(2, evaluator.CompiledCount);
    }

    [Fact]
    public async Task EvaluateAsync_FailedCompile_IsNotRetried()
    {
        var evaluator = new CSharpExpressionEvaluator();
        var context = new ExpressionContextBuilder().Build();

        await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync(evaluator, "1 +", typeof(int), context));
        await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync(evaluator, "1 +", typeof(int), context));

        Assert.Equal(1, evaluator.CompiledCount);
    }

    private static Task<object?> EvaluateAsync(string code, Type targetType, ExpressionContext context) =>
        EvaluateAsync(s_shared, code, targetType, context);

    private static Task<object?> EvaluateAsync(CSharpExpressionEvaluator evaluator, string code, Type targetType, ExpressionContext context) =>
        evaluator.EvaluateAsync(new Expression("CSharp", JsonValue.Create(code)), targetType, context, CancellationToken.None).AsTask();
}
