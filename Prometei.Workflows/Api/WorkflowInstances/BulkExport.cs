using System.Runtime.CompilerServices;
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

        var zip = await ZipDownload.CreateAsync(FilesAsync(body?.Ids ?? [], instances, journal, cancellationToken), cancellationToken);
        return TypedResults.File(zip, "application/zip", "workflow-instances.zip");
    }

    private static async IAsyncEnumerable<(string Name, byte[] Content)> FilesAsync(
        IReadOnlyList<string> ids, InstanceQueries instances, JournalQueries journal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await Export.FileBytesAsync(id, instances, journal, cancellationToken) is { } file)
            {
                yield return (Export.FileName(id), file);
            }
        }
    }
}
