using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>Deletes the given instances in one statement. Answers how many were deleted.</summary>
internal static class BulkDelete
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/delete/workflow-instances/by-id (Elsa.Workflows.Api/Endpoints/WorkflowInstances/BulkDelete/Endpoint.cs)
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", HandleAsync);

    private static async Task<Results<JsonHttpResult<DeletedCountResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, InstanceQueries instances, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<IdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var deleted = await instances.DeleteAsync([.. (body?.Ids ?? []).Distinct(StringComparer.Ordinal)], cancellationToken);
        return ElsaResults.Json(new DeletedCountResponse(deleted));
    }
}
