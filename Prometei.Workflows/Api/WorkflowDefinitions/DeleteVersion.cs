using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Deletes one version (version history → Delete). When it was the latest, the highest remaining version becomes the latest;
/// when it was published, its triggers go with it.
/// </summary>
internal static class DeleteVersion
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: DELETE /workflow-definition-versions/{id} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/DeleteVersion/Endpoint.cs)
        api.MapDelete("/workflow-definition-versions/{id}", HandleAsync);

    private static async Task<Results<NoContent, NotFound>> HandleAsync(
        string id, DefinitionStore store, TriggerIndex triggers, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteVersionAsync(id, cancellationToken);
        triggers.Invalidate();
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
