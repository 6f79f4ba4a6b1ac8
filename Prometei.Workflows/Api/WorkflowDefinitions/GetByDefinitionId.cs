using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>The editor's first call: the latest version (or the one <c>versionOptions</c> picks), with links and node ids.</summary>
internal static class GetByDefinitionId
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-definitions/by-definition-id/{definitionId} (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/GetByDefinitionId/Endpoint.cs)
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", HandleAsync);

    private static async Task<Results<JsonHttpResult<JsonObject>, NotFound, JsonHttpResult<ErrorResponse>>> HandleAsync(
        string definitionId, HttpRequest request, DefinitionQueries definitions, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var versionOptions = ElsaQuery.String(request, "versionOptions");
        if (!VersionOptions.TryParse(versionOptions, VersionFilter.Latest, out var versions))
        {
            return ElsaResults.Error(VersionOptions.Error(versionOptions));
        }

        var definition = await definitions.FindAsync(definitionId, versions, cancellationToken);
        return definition is null ? TypedResults.NotFound() : ElsaResults.Json(DefinitionMapper.ToModel(definition, builder));
    }
}
