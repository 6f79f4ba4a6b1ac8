using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>
/// Makes an older version's graph and settings the latest draft (version history → Rollback), by Elsa's save rules: a draft
/// latest version is overwritten, a published one gets a new draft version. Answers the summary of that latest version.
/// </summary>
internal static class Revert
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-definitions/{definitionId}/revert/{version} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Version/Revert.cs)
        api.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", HandleAsync);

    private static async Task<Results<JsonHttpResult<WorkflowDefinitionSummary>, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string definitionId, int version, DefinitionQueries definitions, WorkflowDefinitionService service, CancellationToken cancellationToken)
    {
        var target = await definitions.FindAsync(definitionId, new VersionFilter(VersionFilterKind.Specific, version), cancellationToken);
        if (target is null)
        {
            return TypedResults.NotFound();
        }

        var (latest, errors) = await service.SaveAsync(DefinitionMapper.PrepareForSave(target.Data, definitionId), publish: false, cancellationToken: cancellationToken);
        return latest is null ? ElsaResults.Errors(errors) : ElsaResults.Json(DefinitionMapper.ToSummary(latest));
    }
}
