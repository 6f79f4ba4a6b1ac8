using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's workflow-as-activity (<c>WorkflowDefinitionActivity</c>): an activity whose <c>type</c> is the name of a definition
/// published with <c>options.usableAsActivity</c>, holding <c>workflowDefinitionId</c> and <c>workflowDefinitionVersionId</c>.
/// Here it is a durable child instance (as <see cref="ExecuteWorkflow"/> with <c>WaitForCompletion</c>): the activity's
/// inputs (its members named after the child's declared <c>inputs</c>) are the child's input, and the child's outputs
/// (what its <c>Elsa.SetOutput</c> set) become this activity's outputs. The version run is Elsa's choice: the version the
/// activity names, else the published one, else the latest. The child's id comes from this activity's idempotency key, so a
/// rerun after a crash finds the child it started.
/// </summary>
[Activity("Elsa", "Workflows", "Runs a workflow definition that is usable as an activity.", TypeName = ActivityRegistry.WorkflowDefinitionActivityTypeName,
    DisplayName = "Workflow Definition Activity", Kind = ActivityKind.Action, HasOutsideEffect = true, IsBrowsable = false)]
public sealed class WorkflowDefinitionActivity : Activity
{
    [Input(Description = "The definition id of the workflow to run.", IsWrapped = false)]
    public Input<string> WorkflowDefinitionId { get; set; } = new();

    [Input(Description = "The version id of the workflow to run.", IsWrapped = false)]
    public Input<string> WorkflowDefinitionVersionId { get; set; } = new();

    [Input(Description = "The latest published version of the workflow when the activity was last saved.", IsWrapped = false)]
    public Input<int> LatestAvailablePublishedVersion { get; set; } = new();

    [Input(Description = "The id of that latest published version.", IsWrapped = false)]
    public Input<string> LatestAvailablePublishedVersionId { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var stored = await FindChildAsync(context);
        var input = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var name in DeclaredNames(stored.Data["inputs"]))
        {
            if (Member(context.Node.Json, name) is JsonObject { } wrapped && wrapped["expression"] is JsonObject e
                && e["type"] is JsonValue t && t.TryGetValue<string>(out var language) && e["value"] is not null)
            {
                object? value;
                try
                {
                    value = await context.EvaluateAsync(new Expression(language, e["value"]!.DeepClone()), typeof(object));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw ExpressionException.ForInput(context.Node.DisplayName, context.Node.Type, name, ex);
                }

                input[name] = ValueConverter.ToJson(value);
            }
        }

        var childId = await ChildWorkflows.StartAsync(context, stored, context.CorrelationId, input);
        ChildWorkflows.Await(context, childId);
    }

    public override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (await ChildWorkflows.FinishedChildAsync(context) is not { } child)
        {
            return;
        }

        if (child.State.SubStatus != Engine.State.WorkflowSubStatus.Finished)
        {
            throw new ActivityException(
                $"Activity '{context.Node.DisplayName}' ({context.Node.Type}): its workflow instance {child.State.Id} ended {child.State.SubStatus}.", isTransient: false);
        }

        foreach (var (name, json) in child.State.Output)
        {
            var value = ValueConverter.FromJson(json);
            context.SetOutput(name, value);
            if (Member(context.Node.Json, name)?["memoryReference"]?["id"] is JsonValue m && m.TryGetValue<string>(out var target) && target.Length > 0)
            {
                if (context.ResolveVariableName(target) is { } variable)
                {
                    context.SetVariable(variable, value);
                }
                else
                {
                    context.SetWorkflowOutput(target, value);
                }
            }
        }

        // Elsa completes the activity with the outcomes an Elsa.Complete in the child ended it with (Done otherwise).
        context.Complete([.. child.State.Outcomes ?? []]);
    }

    /// <summary>Elsa's order: the version the activity names, else the published version, else the latest.</summary>
    private async Task<StoredDefinition> FindChildAsync(ActivityExecutionContext context)
    {
        var definitionId = context.Get(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            throw new ActivityException($"Activity '{context.Node.DisplayName}' ({context.Node.Type}): no workflow definition id is given.", isTransient: false);
        }

        var queries = context.Services.GetRequiredService<DefinitionQueries>();
        var versionId = context.Get(WorkflowDefinitionVersionId);
        if (!string.IsNullOrWhiteSpace(versionId)
            && (await queries.GetManyAsync([versionId], context.CancellationToken)).FirstOrDefault(d => d.DefinitionId == definitionId) is { } pinned)
        {
            return pinned;
        }

        return await queries.FindAsync(definitionId, VersionFilter.Published, context.CancellationToken)
            ?? await queries.FindAsync(definitionId, VersionFilter.Latest, context.CancellationToken)
            ?? throw new ActivityException(
                $"Activity '{context.Node.DisplayName}' ({context.Node.Type}): workflow definition '{definitionId}' does not exist on this server; import it, then retry.",
                isTransient: false);
    }

    /// <summary>The names of a definition's declared inputs or outputs.</summary>
    internal static IEnumerable<string> DeclaredNames(JsonNode? declarations) =>
        declarations is JsonArray array
            ? array.OfType<JsonObject>().Select(i => i["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null).OfType<string>()
            : [];

    /// <summary>The member of the activity's JSON for a child input or output: camel-cased, or Elsa's safe name (<c>_name</c>) for a reserved one.</summary>
    private static JsonNode? Member(JsonObject activity, string name) =>
        activity[JsonNames.Camelize(name)] ?? activity["_" + JsonNames.Camelize(name)] ?? activity[name];
}
