using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Unpublishes the published version: its triggers stop. Answers that version, unwrapped; 400 when nothing is published.</summary>
internal static class Retract
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-definitions/{definitionId}/retract (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Retract/Endpoint.cs)
        api.MapPost("/workflow-definitions/{definitionId}/retract", HandleAsync);

    private static async Task<Results<JsonHttpResult<JsonObject>, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string definitionId,
        DefinitionQueries definitions,
        DefinitionStore store,
        WorkflowDefinitionService service,
        WorkflowBuilder builder,
        CancellationToken cancellationToken)
    {
        var published = await definitions.FindAsync(definitionId, VersionFilter.Published, cancellationToken);
        if (published is null)
        {
            return await definitions.FindAsync(definitionId, VersionFilter.Latest, cancellationToken) is null
                ? TypedResults.NotFound()
                : ElsaResults.Error($"Workflow definition '{definitionId}' has no published version to retract.");
        }

        await service.RetractAsync(definitionId, cancellationToken);
        var retracted = await store.GetByVersionIdAsync(published.Id, cancellationToken) ?? published;
        return ElsaResults.Json(DefinitionMapper.ToModel(retracted, builder));
    }
}
