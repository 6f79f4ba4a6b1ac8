using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>One version by its id: the version an instance ran (viewer), or one picked in the version history.</summary>
internal static class GetById
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-definitions/by-id/{id} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/GetById/Endpoint.cs)
        api.MapGet("/workflow-definitions/by-id/{id}", HandleAsync);

    private static async Task<Results<JsonHttpResult<JsonObject>, NotFound>> HandleAsync(
        string id, DefinitionStore store, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var definition = await store.GetByVersionIdAsync(id, cancellationToken);
        return definition is null ? TypedResults.NotFound() : ElsaResults.Json(DefinitionMapper.ToModel(definition, builder));
    }
}
