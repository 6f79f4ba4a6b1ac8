using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Publishes the latest version of each definition. Definitions that cannot be published are listed under <c>skipped</c>.</summary>
internal static class BulkPublish
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/publish/workflow-definitions/by-definition-ids (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/BulkPublish/Endpoint.cs)
        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", HandleAsync);

    private static async Task<Results<JsonHttpResult<BulkPublishResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionQueries definitions, WorkflowDefinitionService service, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<DefinitionIdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        List<string> published = [], alreadyPublished = [], notFound = [], skipped = [];
        foreach (var definitionId in (body?.DefinitionIds ?? []).Distinct(StringComparer.Ordinal))
        {
            var latest = await definitions.FindAsync(definitionId, VersionFilter.Latest, cancellationToken);
            if (latest is null)
            {
                notFound.Add(definitionId);
            }
            else if (latest.IsPublished)
            {
                alreadyPublished.Add(definitionId);
            }
            else
            {
                (await service.PublishAsync(definitionId, cancellationToken) is { Definition: not null } ? published : skipped).Add(definitionId);
            }
        }

        return ElsaResults.Json(new BulkPublishResponse(published, alreadyPublished, notFound, skipped, []));
    }
}
