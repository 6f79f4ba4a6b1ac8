using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Run (▶): starts an instance of the latest version, which may be a draft, without a trigger. The instance is committed
/// before the answer. Studio reads only the headers: <c>x-elsa-workflow-instance-id</c>, or
/// <c>x-elsa-workflow-cannot-start: true</c> when a Singleton workflow already runs.
/// </summary>
internal static class Execute
{
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";
    public const string CannotStartHeader = "x-elsa-workflow-cannot-start";

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-definitions/{definitionId}/execute (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Execute/PostEndpoint.cs)
        api.MapPost("/workflow-definitions/{definitionId}/execute", HandleAsync);

    private static async Task<Results<JsonHttpResult<ExecuteWorkflowDefinitionResponse>, Ok, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string definitionId,
        HttpContext context,
        DefinitionQueries definitions,
        WorkflowCatalog catalog,
        WorkflowStarter starter,
        CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<ExecuteWorkflowDefinitionRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        if (!VersionOptions.TryParse(body?.VersionOptions, VersionFilter.Latest, out var versions))
        {
            return ElsaResults.Error(VersionOptions.Error(body?.VersionOptions));
        }

        var stored = await definitions.FindAsync(definitionId, versions, cancellationToken);
        if (stored is null)
        {
            return TypedResults.NotFound();
        }

        Workflow workflow;
        try
        {
            workflow = catalog.Get(stored);
        }
        catch (WorkflowDefinitionException ex)
        {
            context.Response.Headers[CannotStartHeader] = "true";
            return ElsaResults.Errors(ex.Errors);
        }

        var trigger = body?.TriggerActivityId is { Length: > 0 } triggerId ? workflow.FindByIdOrName(triggerId)?.NodeId : null;
        var input = body?.Input?.ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        var started = await starter.StartAsync(new StartRequest(workflow, input, body?.CorrelationId, trigger), cancellationToken);
        if (started is null)
        {
            context.Response.Headers[CannotStartHeader] = "true";
            return TypedResults.Ok();
        }

        context.Response.Headers[CannotStartHeader] = "false";
        context.Response.Headers[InstanceIdHeader] = started.Id;
        return ElsaResults.Json(new ExecuteWorkflowDefinitionResponse(started.Id));
    }
}
