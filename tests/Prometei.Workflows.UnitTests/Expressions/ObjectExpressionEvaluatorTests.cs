using System.Dynamic;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

public sealed class ObjectExpressionEvaluatorTests
{
    private readonly ObjectExpressionEvaluator _evaluator = new();
    private readonly ExpressionContext _context = new ExpressionContextBuilder().Build();

    [Fact]
    public async Task EvaluateAsync_JsonText_ReturnsExpandoWithPlainValues()
    {
        var result = await EvaluateAsync(JsonValue.Create("""{"name":"Kaspi","count":3,"price":1.5,"tags":["a"]}"""), typeof(object));

        var order = Assert.IsAssignableFrom<IDictionary<string, object?>>(Assert.IsType<ExpandoObject>(result));
        Assert.Equal("Kaspi", order["name"]);
        Assert.Equal(3L, order["count"]);
        Assert.Equal(1.5m, order["price"]);
        Assert.Equal(["a"], Assert.IsType<List<object?>>(order["tags"]));
    }

    [Fact]
    public async Task EvaluateAsync_JsonTextForRecord_BindsCaseInsensitively()
    {
        var result = await EvaluateAsync(JsonValue.Create("""{"name":"Kaspi","count":3}"""), typeof(Order));

        Assert.Equal(new Order("Kaspi", 3), result);
    }

    [Fact]
    public async Task EvaluateAsync_JsonObjectNode_ReturnsClonedJsonObject()
    {
        var stored = JsonNode.Parse("""{"a":1}""");

        var result = await EvaluateAsync(stored, typeof(JsonObject));

        var json = Assert.IsType<JsonObject>(result);
        Assert.NotSame(stored, json);
        Assert.Equal("""{"a":1}""", json.ToJsonString());
    }

    [Fact]
    public async Task EvaluateAsync_InvalidJson_ThrowsWithPositionAndNoValue()
    {
        var ex = await Assert.ThrowsAsync<ExpressionException>(
            () => EvaluateAsync(JsonValue.Create("""{"token": hunter2}"""), typeof(object)));

        Assert.Contains("JSON is invalid at line 1, position 11", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task EvaluateAsync_EmptyText_ReturnsNull()
    {
        Assert.Null(await EvaluateAsync(JsonValue.Create("  "), typeof(object)));
    }

    private Task<object?> EvaluateAsync(JsonNode? value, Type targetType) =>
        _evaluator.EvaluateAsync(new Expression("Object", value), targetType, _context, CancellationToken.None).AsTask();

    public sealed record Order(string Name, int Count);
}
