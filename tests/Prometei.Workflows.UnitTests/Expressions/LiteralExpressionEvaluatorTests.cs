using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

public sealed class LiteralExpressionEvaluatorTests
{
    private readonly LiteralExpressionEvaluator _evaluator = new();
    private readonly ExpressionContext _context = new ExpressionContextBuilder().Build();

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("False", false)]
    public async Task EvaluateAsync_BooleanText_ReturnsBool(string text, bool expected)
    {
        var result = await EvaluateAsync(JsonValue.Create(text), typeof(bool));

        Assert.Equal(expected, result);
    }

    [Fact]
    public async Task EvaluateAsync_NumberText_ReturnsInt32()
    {
        var result = await EvaluateAsync(JsonValue.Create("42"), typeof(int));

        Assert.Equal(42, result);
    }

    [Fact]
    public async Task EvaluateAsync_JsonNumber_ReturnsInt32()
    {
        var result = await EvaluateAsync(JsonNode.Parse("42"), typeof(int));

        Assert.Equal(42, result);
    }

    [Fact]
    public async Task EvaluateAsync_JsonArrayText_ReturnsStringArray()
    {
        var result = await EvaluateAsync(JsonValue.Create("""["GET","POST"]"""), typeof(string[]));

        Assert.Equal(["GET", "POST"], Assert.IsType<string[]>(result));
    }

    [Fact]
    public async Task EvaluateAsync_JsonArrayText_ReturnsListOfString()
    {
        var result = await EvaluateAsync(JsonValue.Create("""["GET","POST"]"""), typeof(List<string>));

        Assert.Equal(["GET", "POST"], Assert.IsType<List<string>>(result));
    }

    [Fact]
    public async Task EvaluateAsync_Text_ReturnsSameString()
    {
        var result = await EvaluateAsync(JsonValue.Create("Hello, Алматы"), typeof(string));

        Assert.Equal("Hello, Алматы", result);
    }

    [Fact]
    public async Task EvaluateAsync_NullValue_ReturnsDefault()
    {
        Assert.Equal(0, await EvaluateAsync(null, typeof(int)));
        Assert.Null(await EvaluateAsync(null, typeof(int?)));
    }

    [Fact]
    public async Task EvaluateAsync_TextThatIsNoNumber_ThrowsNamingTypesNotValue()
    {
        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync(JsonValue.Create("secret-token"), typeof(int)));

        Assert.Contains("String", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_Literal_IsBrowsableWithoutLanguage()
    {
        Assert.Equal("Literal", _evaluator.Type);
        Assert.True(_evaluator.IsBrowsable);
        Assert.Null(_evaluator.MonacoLanguage);
    }

    private Task<object?> EvaluateAsync(JsonNode? value, Type targetType) =>
        _evaluator.EvaluateAsync(new Expression("Literal", value), targetType, _context, CancellationToken.None).AsTask();
}
