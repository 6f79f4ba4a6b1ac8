using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Ours: starts a new instance of the same version with the same input and trigger, linked to the original (<c>replayOf</c>).
/// 404 for an unknown instance, 409 when its version no longer exists or cannot run.
/// </summary>
internal static class Replay
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Prometei: POST /workflow-instances/{id}/replay (no Elsa counterpart)
        api.MapPost("/workflow-instances/{id}/replay", HandleAsync);

    private static async Task<Results<JsonHttpResult<WorkflowInstanceIdResponse>, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string id, WorkflowOperations operations, CancellationToken cancellationToken)
    {
        try
        {
            var replay = await operations.ReplayAsync(id, cancellationToken);
            return replay is null ? TypedResults.NotFound() : ElsaResults.Json(new WorkflowInstanceIdResponse(replay.Id));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or WorkflowDefinitionException)
        {
            return ElsaResults.Error($"Workflow instance '{id}' cannot be replayed: {ex.Message}", StatusCodes.Status409Conflict);
        }
    }
}
