using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowDefinitions;

/// <summary>Downloads several versions as a zip of export files (one per version).</summary>
internal static class BulkExport
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/export/workflow-definitions (Elsa.Workflows.Api/Endpoints/WorkflowDefinitions/Export/Endpoint.cs)
        api.MapPost("/bulk-actions/export/workflow-definitions", HandleAsync);

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, DefinitionQueries definitions, WorkflowBuilder builder, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<VersionIdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var versions = await definitions.GetManyAsync([.. (body?.Ids ?? []).Distinct(StringComparer.Ordinal)], cancellationToken);
        var files = versions.Select(v => ($"{v.DefinitionId}-v{v.Version}.json", Export.FileBytes(v, builder))).ToAsyncEnumerable();
        var zip = await ZipDownload.CreateAsync(files, cancellationToken);

        return TypedResults.File(zip, "application/zip", "workflow-definitions.zip");
    }
}
