using System.IO.Compression;
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
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var version in versions)
            {
                var entry = zip.CreateEntry($"{version.DefinitionId}-v{version.Version}.json", CompressionLevel.Fastest);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await stream.WriteAsync(Export.FileBytes(version, builder), cancellationToken);
            }
        }

        return TypedResults.File(buffer.ToArray(), "application/zip", "workflow-definitions.zip");
    }
}
