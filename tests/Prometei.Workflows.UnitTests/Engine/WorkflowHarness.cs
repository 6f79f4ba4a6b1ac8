using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Prometei.Workflows.Activities;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>
/// The engine built by hand, as the host would build it, with the test activities registered: builds definitions, starts
/// instances and runs them in memory, keeping every <see cref="ExecutionStep"/> so tests can read the journal.
/// </summary>
internal sealed class WorkflowHarness
{
    // C# expressions compile once per evaluator; sharing it keeps the suite fast, as the server shares its singleton.
    private static readonly ExpressionEvaluatorRegistry s_evaluators = ExpressionEvaluatorRegistry.CreateDefault();

    public WorkflowHarness(
        WorkflowRunnerOptions? options = null, Action<IServiceCollection>? configureServices = null, ExpressionEvaluatorRegistry? evaluators = null)
    {
        Registry = new ActivityRegistry(ActivityRegistry.FindActivityTypes(typeof(Flowchart).Assembly));
        Registry.Register(typeof(FailTransiently));
        Registry.Register(typeof(RecordIdempotencyKey));
        Builder = new WorkflowBuilder(Registry);
        var services = new ServiceCollection().AddHttpClient();
        configureServices?.Invoke(services);
        Runner = new WorkflowRunner(evaluators ?? s_evaluators, services.BuildServiceProvider(), options: options);
    }

    /// <summary>A harness with default options, shared by tests that need nothing special.</summary>
    public static WorkflowHarness Default { get; } = new();

    public ActivityRegistry Registry { get; }

    public WorkflowBuilder Builder { get; }

    public WorkflowRunner Runner { get; }

    public Workflow Build(FlowchartJson flowchart) => Builder.Build(flowchart.ToDefinition());

    public Workflow Build(string definitionJson) => Builder.Build(JsonNode.Parse(definitionJson)!.AsObject());

    /// <summary>A new instance with a fresh id; <paramref name="input"/> is the workflow input.</summary>
    public WorkflowState Start(Workflow workflow, JsonObject? input = null) =>
        Runner.CreateInstance(
            workflow,
            Guid.NewGuid().ToString("N"),
            input?.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal));

    /// <summary>Applies <paramref name="stimulus"/> and runs until nothing is runnable, keeping every step.</summary>
    public async Task<WorkflowRun> RunAsync(Workflow workflow, WorkflowState state, Stimulus? stimulus = null)
    {
        var steps = new List<ExecutionStep> { await Runner.RunAsync(workflow, state, stimulus ?? new Stimulus.Continue()) };
        while (steps[^1].HasMoreWork)
        {
            steps.Add(await Runner.RunAsync(workflow, state, new Stimulus.Continue()));
        }

        return new WorkflowRun(state, steps);
    }

    /// <summary>Resumes the one bookmark with the given name (<c>Event:approve</c>).</summary>
    public Task<WorkflowRun> ResumeAsync(Workflow workflow, WorkflowState state, string bookmarkName, JsonNode? payload = null) =>
        RunAsync(workflow, state, new Stimulus.ResumeBookmark(state.Bookmarks.Single(b => b.Name == bookmarkName).Id, payload));
}
