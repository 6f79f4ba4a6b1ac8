using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

public sealed class ExpressionEvaluatorRegistryTests
{
    private readonly ExpressionEvaluatorRegistry _registry = ExpressionEvaluatorRegistry.CreateDefault();

    [Theory]
    [InlineData("Literal", typeof(LiteralExpressionEvaluator))]
    [InlineData("Object", typeof(ObjectExpressionEvaluator))]
    [InlineData("Variable", typeof(VariableExpressionEvaluator))]
    [InlineData("CSharp", typeof(CSharpExpressionEvaluator))]
    [InlineData("JavaScript", typeof(JavaScriptExpressionEvaluator))]
    [InlineData("Liquid", typeof(LiquidExpressionEvaluator))]
    public void Get_BuiltInType_ReturnsItsEvaluator(string type, Type evaluatorType)
    {
        Assert.IsType(evaluatorType, _registry.Get(type));
    }

    [Fact]
    public void Get_UnknownType_ThrowsListingKnownTypes()
    {
        var ex = Assert.Throws<ExpressionException>(() => _registry.Get("Python"));

        Assert.Equal("Unknown expression type 'Python'; this server evaluates Literal, Object, Variable, JavaScript, Liquid, CSharp.", ex.Message);
    }

    [Fact]
    public void All_BrowsableEvaluators_AreLiteralJavaScriptLiquidAndCSharp()
    {
        Assert.Equal(["Literal", "JavaScript", "Liquid", "CSharp"], _registry.All.Where(e => e.IsBrowsable).Select(e => e.Type));
        Assert.Equal("javascript", _registry.Get("JavaScript").MonacoLanguage);
        Assert.Equal("csharp", _registry.Get("CSharp").MonacoLanguage);
        Assert.Equal("C#", _registry.Get("CSharp").DisplayName);
    }

    [Fact]
    public void Constructor_DuplicateType_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => new ExpressionEvaluatorRegistry([new LiteralExpressionEvaluator(), new LiteralExpressionEvaluator()]));
    }

    [Fact]
    public async Task EvaluateAsync_Expression_UsesEvaluatorOfItsType()
    {
        var context = new ExpressionContextBuilder().Build();

        var result = await _registry.EvaluateAsync(new Expression("Literal", JsonValue.Create("7")), typeof(long), context, CancellationToken.None);

        Assert.Equal(7L, result);
    }
}
