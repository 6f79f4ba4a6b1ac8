using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Ours (Elsa has no such route; Studio's elements have no retry): runs the instance's faulted activities again. 404 for an
/// unknown instance, 409 when nothing faulted is waiting for a retry, 202 once the retry is queued.
/// </summary>
internal static class Retry
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Prometei: POST /workflow-instances/{id}/retry (no Elsa counterpart; see also /alterations/workflows/retry)
        api.MapPost("/workflow-instances/{id}/retry", HandleAsync);

    private static async Task<Results<JsonHttpResult<WorkflowInstanceIdResponse>, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string id, InstanceQueries instances, WorkflowOperations operations, CancellationToken cancellationToken)
    {
        if (await instances.GetStatusAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        return await operations.RetryAsync(id, cancellationToken)
            ? ElsaResults.Json(new WorkflowInstanceIdResponse(id), StatusCodes.Status202Accepted)
            : ElsaResults.Error($"Workflow instance '{id}' has no faulted activity to retry.", StatusCodes.Status409Conflict);
    }
}
