using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Deletes every version of a definition and its triggers. Instances keep their journal.</summary>
internal static class Delete
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: DELETE /workflow-definitions/{definitionId} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Delete/Endpoint.cs)
        api.MapDelete("/workflow-definitions/{definitionId}", HandleAsync);

    private static async Task<Results<NoContent, NotFound>> HandleAsync(
        string definitionId, DefinitionStore store, TriggerIndex triggers, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(definitionId, cancellationToken);
        triggers.Invalidate();
        return deleted > 0 ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
