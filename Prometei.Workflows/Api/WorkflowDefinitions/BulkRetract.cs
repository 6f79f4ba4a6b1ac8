using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Unpublishes each definition's published version.</summary>
internal static class BulkRetract
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/retract/workflow-definitions/by-definition-ids (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/BulkRetract/Endpoint.cs)
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", HandleAsync);

    private static async Task<Results<JsonHttpResult<BulkRetractResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionQueries definitions, WorkflowDefinitionService service, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<DefinitionIdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        List<string> retracted = [], alreadyRetracted = [], notFound = [];
        foreach (var definitionId in (body?.DefinitionIds ?? []).Distinct(StringComparer.Ordinal))
        {
            if (await definitions.FindAsync(definitionId, VersionFilter.Latest, cancellationToken) is null)
            {
                notFound.Add(definitionId);
            }
            else
            {
                (await service.RetractAsync(definitionId, cancellationToken) ? retracted : alreadyRetracted).Add(definitionId);
            }
        }

        return ElsaResults.Json(new BulkRetractResponse(retracted, alreadyRetracted, notFound, []));
    }
}
