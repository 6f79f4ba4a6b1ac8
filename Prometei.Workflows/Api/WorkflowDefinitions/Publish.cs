using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Publishes the latest version (the list's row menu); its triggers are indexed in the same transaction.</summary>
internal static class Publish
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-definitions/{definitionId}/publish (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Publish/Endpoint.cs)
        api.MapPost("/workflow-definitions/{definitionId}/publish", HandleAsync);

    private static async Task<Results<JsonHttpResult<SaveWorkflowDefinitionResponse>, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string definitionId, DefinitionQueries definitions, WorkflowDefinitionService service, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var latest = await definitions.FindAsync(definitionId, VersionFilter.Latest, cancellationToken);
        if (latest is null)
        {
            return TypedResults.NotFound();
        }

        if (latest.IsPublished)
        {
            return ElsaResults.Json(new SaveWorkflowDefinitionResponse(DefinitionMapper.ToModel(latest, builder), AlreadyPublished: true, 0));
        }

        var (published, errors) = await service.PublishAsync(definitionId, cancellationToken);
        return published is null
            ? ElsaResults.Errors(errors)
            : ElsaResults.Json(new SaveWorkflowDefinitionResponse(DefinitionMapper.ToModel(published, builder), AlreadyPublished: false, 0));
    }
}
