using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Deletes versions by id, each as <see cref="DeleteVersion"/> does. Answers how many were deleted.</summary>
internal static class BulkDeleteVersions
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/delete/workflow-definitions/by-id (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/BulkDeleteVersions/Endpoint.cs)
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-id", HandleAsync);

    private static async Task<Results<JsonHttpResult<DeletedResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionStore store, TriggerIndex triggers, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<VersionIdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var deleted = 0;
        foreach (var id in (body?.Ids ?? []).Distinct(StringComparer.Ordinal))
        {
            deleted += await store.DeleteVersionAsync(id, cancellationToken) ? 1 : 0;
        }

        triggers.Invalidate();
        return ElsaResults.Json(new DeletedResponse(deleted));
    }
}
