using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Deletes whole definitions (every version and their triggers). Answers how many definitions were deleted.</summary>
internal static class BulkDelete
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/delete/workflow-definitions/by-definition-id (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/BulkDelete/Endpoint.cs)
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", HandleAsync);

    private static async Task<Results<JsonHttpResult<DeletedResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionStore store, TriggerIndex triggers, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<DefinitionIdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var deleted = 0;
        foreach (var definitionId in (body?.DefinitionIds ?? []).Distinct(StringComparer.Ordinal))
        {
            deleted += await store.DeleteAsync(definitionId, cancellationToken) > 0 ? 1 : 0;
        }

        triggers.Invalidate();
        return ElsaResults.Json(new DeletedResponse(deleted));
    }
}
