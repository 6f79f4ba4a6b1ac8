using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>Polled every 5 s per viewer part while an instance runs: three columns by primary key, no state.</summary>
internal static class ExecutionState
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-instances/{id}/execution-state (Elsa.Workflows.Api/Endpoints/WorkflowInstances/GetExecutionState/Endpoint.cs)
        api.MapGet("/workflow-instances/{id}/execution-state", HandleAsync);

    private static async Task<Results<JsonHttpResult<WorkflowExecutionState>, NotFound>> HandleAsync(
        string id, InstanceQueries instances, CancellationToken cancellationToken)
    {
        var status = await instances.GetStatusAsync(id, cancellationToken);
        return status is null
            ? TypedResults.NotFound()
            : ElsaResults.Json(new WorkflowExecutionState(status.Status, status.SubStatus, status.UpdatedAt));
    }
}
