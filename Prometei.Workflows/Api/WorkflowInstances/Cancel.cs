using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Row → Cancel. Studio sends no body and no Content-Type, so nothing is bound from the body. Queues the cancel; an instance
/// that has already finished stays as it is (the call is idempotent: the instance does not run afterwards either way).
/// </summary>
internal static class Cancel
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /cancel/workflow-instances/{id} (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Cancel/Endpoint.cs)
        api.MapPost("/cancel/workflow-instances/{id}", HandleAsync);

    private static async Task<Results<Ok, NotFound>> HandleAsync(
        string id, InstanceQueries instances, WorkflowOperations operations, CancellationToken cancellationToken)
    {
        if (await instances.GetStatusAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        await operations.CancelAsync(id, cancellationToken);
        return TypedResults.Ok();
    }
}
