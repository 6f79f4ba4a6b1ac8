using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>Downloads several instances as a zip of <see cref="Export"/> files.</summary>
internal static class BulkExport
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/export/workflow-instances (Elsa.Workflows.Api/Endpoints/WorkflowInstances/BulkExport/Endpoint.cs)
        api.MapPost("/bulk-actions/export/workflow-instances", HandleAsync);

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, InstanceQueries instances, JournalQueries journal, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<IdsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var id in (body?.Ids ?? []).Distinct(StringComparer.Ordinal))
            {
                if (await Export.FileBytesAsync(id, instances, journal, cancellationToken) is { } file)
                {
                    var entry = zip.CreateEntry(Export.FileName(id), CompressionLevel.Fastest);
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    await stream.WriteAsync(file, cancellationToken);
                }
            }
        }

        return TypedResults.File(buffer.ToArray(), "application/zip", "workflow-instances.zip");
    }
}
