using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>Deletes an instance with its journal, bookmarks and queue rows.</summary>
internal static class Delete
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: DELETE /workflow-instances/{id} (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Delete/Endpoint.cs)
        api.MapDelete("/workflow-instances/{id}", HandleAsync);

    private static async Task<Results<NoContent, NotFound>> HandleAsync(string id, InstanceQueries instances, CancellationToken cancellationToken) =>
        await instances.DeleteAsync([id], cancellationToken) > 0 ? TypedResults.NoContent() : TypedResults.NotFound();
}
