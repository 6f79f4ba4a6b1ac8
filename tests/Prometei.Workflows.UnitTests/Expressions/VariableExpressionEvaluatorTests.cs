using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

public sealed class VariableExpressionEvaluatorTests
{
    private readonly VariableExpressionEvaluator _evaluator = new();

    [Fact]
    public async Task EvaluateAsync_VariableName_ReturnsValue()
    {
        var context = new ExpressionContextBuilder().WithVariable("OrderId", "A-17").Build();

        var result = await EvaluateAsync(JsonValue.Create("OrderId"), typeof(string), context);

        Assert.Equal("A-17", result);
    }

    [Fact]
    public async Task EvaluateAsync_PickerJsonText_ResolvesByIdBeforeName()
    {
        var context = new ExpressionContextBuilder()
            .WithVariable("Count", 5L, id: "v1")
            .WithVariable("OldName", 99L)
            .Build();
        var picked = """{"id":"v1","name":"OldName","typeName":"Int32","isArray":false}""";

        var result = await EvaluateAsync(JsonValue.Create(picked), typeof(int), context);

        Assert.Equal(5, result);
    }

    [Fact]
    public async Task EvaluateAsync_PickerJsonObjectWithUnknownId_FallsBackToName()
    {
        var context = new ExpressionContextBuilder().WithVariable("Count", 5L, id: "v1").Build();

        var result = await EvaluateAsync(JsonNode.Parse("""{"id":"gone","name":"Count"}"""), typeof(string), context);

        Assert.Equal("5", result);
    }

    [Fact]
    public async Task EvaluateAsync_DeclaredWithoutValue_ReturnsDefault()
    {
        var context = new ExpressionContextBuilder().Declare("Total").Build();

        Assert.Equal(0m, await EvaluateAsync(JsonValue.Create("Total"), typeof(decimal), context));
    }

    [Fact]
    public async Task EvaluateAsync_UnknownVariable_ThrowsNamingReference()
    {
        var context = new ExpressionContextBuilder().WithVariable("Count", 1L).Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(
            () => EvaluateAsync(JsonValue.Create("""{"id":"v9","name":"Missing"}"""), typeof(object), context));

        Assert.Contains("'Missing'", ex.Message, StringComparison.Ordinal);
    }

    private Task<object?> EvaluateAsync(JsonNode? value, Type targetType, ExpressionContext context) =>
        _evaluator.EvaluateAsync(new Expression("Variable", value), targetType, context, CancellationToken.None).AsTask();
}
