using System.Diagnostics;
using System.Dynamic;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

/// <summary>JavaScript on Jint with Elsa's globals, one test per global, and the limits that stop a runaway script.</summary>
public sealed class JavaScriptExpressionEvaluatorTests
{
    private static readonly JavaScriptExpressionEvaluator s_evaluator = new();

    [Fact]
    public async Task Variables_ReadAsProperty_ReturnsValue()
    {
        var context = new ExpressionContextBuilder().WithVariable("Count", 4L).Build();

        Assert.Equal(5, await EvaluateAsync("variables.Count + 1", typeof(int), context));
    }

    [Fact]
    public async Task Variables_AssignedAsProperty_IsWrittenBack()
    {
        var builder = new ExpressionContextBuilder().WithVariable("Count", 1L).WithVariable("Untouched", "same");

        await EvaluateAsync("variables.Count = variables.Count + 41", typeof(object), builder.Build());

        Assert.IsType<long>(builder.Variables["Count"]);
        Assert.Equal(42L, builder.Variables["Count"]);
        Assert.Equal("same", builder.Variables["Untouched"]);
    }

    [Fact]
    public async Task GetVariableAndSetVariable_ReadAndWrite()
    {
        var builder = new ExpressionContextBuilder().WithVariable("Name", "Aigerim").Declare("Greeting");

        var result = await EvaluateAsync("""setVariable("Greeting", "Hello, " + getVariable("Name")); getVariable("Greeting")""", typeof(string), builder.Build());

        Assert.Equal("Hello, Aigerim", result);
        Assert.Equal("Hello, Aigerim", builder.Variables["Greeting"]);
    }

    [Fact]
    public async Task GeneratedAccessors_GetAndSetEachVariable()
    {
        var builder = new ExpressionContextBuilder().WithVariable("orderCount", 2L);

        await EvaluateAsync("setOrderCount(getOrderCount() * 10)", typeof(object), builder.Build());

        Assert.Equal(20L, builder.Variables["orderCount"]);
    }

    [Fact]
    public async Task ObjectVariable_ReadsNestedMembersAndWritesObjectsAsPlainValues()
    {
        IDictionary<string, object?> order = new ExpandoObject();
        order["customer"] = new List<object?> { "a", "b" };
        var builder = new ExpressionContextBuilder().WithVariable("Order", (object)order).Declare("Copy");

        var result = await EvaluateAsync("variables.Copy = { n: variables.Order.customer.length, items: variables.Order.customer }; variables.Copy.n", typeof(int), builder.Build());

        Assert.Equal(2, result);
        var copy = Assert.IsType<ExpandoObject>(builder.Variables["Copy"]);
        Assert.Equal(2L, ((IDictionary<string, object?>)copy)["n"]);
        Assert.Equal(new List<object?> { "a", "b" }, ((IDictionary<string, object?>)copy)["items"]);
    }

    [Fact]
    public async Task GetInputAndInput_ReadWorkflowInput()
    {
        var context = new ExpressionContextBuilder()
            .WithInput("OrderId", "A-17")
            .WithInput("Body", JsonNode.Parse("""{"customer":{"name":"Aigerim"}}"""))
            .Build();

        Assert.Equal("A-17", await EvaluateAsync("""getInput("OrderId")""", typeof(string), context));
        Assert.Equal("Aigerim", await EvaluateAsync("input.Body.customer.name", typeof(string), context));
        Assert.Null(await EvaluateAsync("""getInput("Missing") ?? null""", typeof(string), context));
    }

    [Fact]
    public async Task WorkflowIdentity_Globals_ReturnTheInstanceAndDefinition()
    {
        var context = new ExpressionContextBuilder().Build();

        Assert.Equal("instance-1", await EvaluateAsync("workflowInstanceId", typeof(string), context));
        Assert.Equal("instance-1", await EvaluateAsync("getWorkflowInstanceId()", typeof(string), context));
        Assert.Equal("order-42", await EvaluateAsync("correlationId", typeof(string), context));
        Assert.Equal("order-42", await EvaluateAsync("getCorrelationId()", typeof(string), context));
        Assert.Equal("def-1", await EvaluateAsync("getWorkflowDefinitionId()", typeof(string), context));
        Assert.Equal("def-1:v3", await EvaluateAsync("getWorkflowDefinitionVersionId()", typeof(string), context));
        Assert.Equal(3, await EvaluateAsync("getWorkflowDefinitionVersion()", typeof(int), context));
    }

    [Fact]
    public async Task GetOutputFrom_ReturnsAnActivitysOutput()
    {
        var context = new ExpressionContextBuilder().WithOutput("getLead", "Lead", JsonNode.Parse("""{"id": 7}""")).Build();

        Assert.Equal(7L, await EvaluateAsync("""getOutputFrom("getLead", "Lead").id""", typeof(long), context));
    }

    [Fact]
    public async Task JsonHelpers_ParseStringifyAndToJson()
    {
        var context = new ExpressionContextBuilder().Build();

        Assert.Equal(3, await EvaluateAsync("""JSON.parse('{"a":[1,2,3]}').a.length""", typeof(int), context));
        Assert.Equal("""{"a":1}""", await EvaluateAsync("JSON.stringify({a: 1})", typeof(string), context));
        Assert.Equal("""{"a":1}""", await EvaluateAsync("toJson({a: 1})", typeof(string), context));
    }

    [Fact]
    public async Task StringHelpers_MatchElsa()
    {
        var context = new ExpressionContextBuilder().Build();

        Assert.Equal(true, await EvaluateAsync("isNullOrWhiteSpace('  ')", typeof(bool), context));
        Assert.Equal(false, await EvaluateAsync("isNullOrEmpty('x')", typeof(bool), context));
        Assert.Equal("aGk=", await EvaluateAsync("stringToBase64('hi')", typeof(string), context));
        Assert.Equal("hi", await EvaluateAsync("stringFromBase64('aGk=')", typeof(string), context));
        Assert.True(Guid.TryParse((string?)await EvaluateAsync("newGuidString()", typeof(string), context), out _));
        Assert.Equal(
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            await EvaluateAsync("parseGuid('0F8FAD5B-D9CB-469F-A165-70867728950E')", typeof(string), context));
        Assert.DoesNotMatch("[/+=]", (string)(await EvaluateAsync("newShortGuid()", typeof(string), context))!);
    }

    [Fact]
    public async Task ReturnOutsideAFunction_IsAllowedAsInElsa()
    {
        var context = new ExpressionContextBuilder().Build();

        Assert.Equal(6, await EvaluateAsync("const x = 3; return x * 2;", typeof(int), context));
    }

    [Fact]
    public async Task ThrownError_FailsWithItsMessage()
    {
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("throw new Error('boom')", typeof(object), context));

        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyntaxError_FailsNamingIt()
    {
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("return (", typeof(object), context));

        Assert.StartsWith("JavaScript expression does not parse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunawayLoop_IsStoppedAtTheTimeLimit()
    {
        var evaluator = new JavaScriptExpressionEvaluator(new JavaScriptLimits { Timeout = TimeSpan.FromMilliseconds(200), MaxStatements = int.MaxValue });
        var context = new ExpressionContextBuilder().Build();
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ExpressionException>(
            () => evaluator.EvaluateAsync(new Expression("JavaScript", JsonValue.Create("while (true) {}")), typeof(object), context, CancellationToken.None).AsTask());

        Assert.Contains("ran longer than its limit of 200 ms", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the loop was not stopped");
    }

    [Fact]
    public async Task AllocationBomb_IsStoppedAtTheMemoryLimit()
    {
        var evaluator = new JavaScriptExpressionEvaluator(new JavaScriptLimits { MemoryLimitBytes = 8 * 1024 * 1024, Timeout = TimeSpan.FromMinutes(1) });
        var context = new ExpressionContextBuilder().Build();

        var ex = await Assert.ThrowsAsync<ExpressionException>(
            () => evaluator.EvaluateAsync(
                new Expression("JavaScript", JsonValue.Create("const a = []; while (true) { a.push('x'.repeat(1000) + a.length); }")),
                typeof(object), context, CancellationToken.None).AsTask());

        Assert.Contains("allocated more than its limit of 8388608 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClrAccess_IsNotAvailable()
    {
        var context = new ExpressionContextBuilder().Build();

        await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("System.IO.File.ReadAllText('/etc/passwd')", typeof(string), context));
        Assert.Equal("undefined", await EvaluateAsync("typeof importNamespace", typeof(string), context));
    }

    private static Task<object?> EvaluateAsync(string code, Type targetType, ExpressionContext context) =>
        s_evaluator.EvaluateAsync(new Expression("JavaScript", JsonValue.Create(code)), targetType, context, CancellationToken.None).AsTask();
}
