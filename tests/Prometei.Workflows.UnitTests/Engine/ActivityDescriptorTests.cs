using Microsoft.Extensions.DependencyInjection;
using Prometei.Workflows.Activities;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class ActivityDescriptorTests
{
    private static readonly IReadOnlyList<ActivityDescriptor> s_builtIns =
        [.. ActivityRegistry.FindActivityTypes(typeof(Flowchart).Assembly).Select(ActivityRegistry.Describe)];

    private static readonly ActivityRegistry s_registry = new(ActivityRegistry.FindActivityTypes(typeof(Flowchart).Assembly));

    [Fact]
    public void BuiltIns_TypeNameAndVersion_AreUnique()
    {
        var duplicates = s_builtIns.GroupBy(d => (d.TypeName, d.Version)).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData("Elsa.HttpEndpoint", typeof(HttpEndpoint))]
    [InlineData("Elsa.Cron", typeof(Cron))]
    [InlineData("Elsa.Timer", typeof(Prometei.Workflows.Activities.Timer))]
    [InlineData("Elsa.Delay", typeof(Delay))]
    [InlineData("Elsa.Event", typeof(Event))]
    [InlineData("Elsa.SendHttpRequest", typeof(SendHttpRequest))]
    [InlineData("Elsa.WriteHttpResponse", typeof(WriteHttpResponse))]
    [InlineData("Elsa.SetVariable", typeof(SetVariable))]
    [InlineData("Elsa.FlowDecision", typeof(FlowDecision))]
    [InlineData("Elsa.FlowJoin", typeof(FlowJoin))]
    [InlineData("Elsa.ForEach", typeof(ForEach))]
    [InlineData("Elsa.WriteLine", typeof(WriteLine))]
    [InlineData("Elsa.Finish", typeof(Finish))]
    [InlineData("Elsa.Fault", typeof(Fault))]
    [InlineData("Elsa.Flowchart", typeof(Flowchart))]
    public void BuiltIn_ElsaTypeName_MapsToActivityClass(string typeName, Type activityType)
    {
        var descriptor = s_registry.Find(typeName);

        Assert.NotNull(descriptor);
        Assert.Equal(activityType, descriptor.ClrType);
        Assert.Equal(1, descriptor.Version);
    }

    [Fact]
    public void BuiltIns_Triggers_AreTheStartingActivitiesOnly()
    {
        var triggers = s_builtIns.Where(d => d.Kind == ActivityKind.Trigger).Select(d => d.TypeName).Order(StringComparer.Ordinal);

        Assert.Equal(["Elsa.Cron", "Elsa.Event", "Elsa.HttpEndpoint", "Elsa.Timer"], triggers);
    }

    [Fact]
    public void FlowDecision_Ports_AreTrueAndFalse()
    {
        Assert.Equal(["True", "False"], s_registry.Find("Elsa.FlowDecision")!.FlowPorts);
        Assert.Equal(["Done"], s_registry.Find("Elsa.WriteLine")!.FlowPorts);
        Assert.Empty(s_registry.Find("Elsa.Finish")!.FlowPorts);
    }

    [Fact]
    public void SendHttpRequest_Authorization_IsSensitive()
    {
        var inputs = s_registry.Find("Elsa.SendHttpRequest")!.Inputs.ToDictionary(i => i.Name);

        Assert.True(inputs["Authorization"].IsSensitive);
        Assert.False(inputs["Url"].IsSensitive);
        Assert.True(s_registry.Find("Elsa.SendHttpRequest")!.HasOutsideEffect);
    }

    [Fact]
    public async Task SendHttpRequest_AuthorizationInput_RedactedInJournalButSent()
    {
        const string Secret = "Bearer s3cr3t-token";
        var handler = new StubHttpHandler();
        var harness = new WorkflowHarness(configureServices: services =>
            services.AddHttpClient(SendHttpRequest.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler));
        var workflow = harness.Build(new FlowchartJson()
            .Add("call", "Elsa.SendHttpRequest", new()
            {
                ["url"] = FlowchartJson.Literal("https://erp.example.test/orders"),
                ["method"] = FlowchartJson.Literal("POST"),
                ["content"] = FlowchartJson.Object("""{"orderId":"A-17"}"""),
                ["authorization"] = FlowchartJson.Literal(Secret),
            }));
        var state = harness.Start(workflow);

        var run = await harness.RunAsync(workflow, state);

        run.AssertFinished();
        var record = Assert.Single(run.Records, r => r.ActivityId == "call");
        Assert.Equal("***", (string?)record.ActivityState!["Authorization"]);
        Assert.Equal("https://erp.example.test/orders", (string?)record.ActivityState["Url"]);
        Assert.Equal(200, (int?)record.Outputs!["StatusCode"]);
        Assert.DoesNotContain("s3cr3t", WorkflowJson.Serialize(run.Steps), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", WorkflowJson.Serialize(state), StringComparison.Ordinal);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(Secret, request.Headers.Authorization?.ToString());
        Assert.True(request.Headers.Contains(SendHttpRequest.IdempotencyKeyHeader));
    }
}
