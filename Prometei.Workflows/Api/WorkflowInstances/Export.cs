using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.ActivityExecutions;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Downloads an instance as JSON (<see cref="InstanceExportFile"/>): the instance with its state, its execution records, its
/// journal and the engine's own state, all that <see cref="BulkImport"/> needs to restore it.
/// </summary>
internal static class Export
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-instances/{id}/export (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Export/Endpoint.cs)
        api.MapGet("/workflow-instances/{id}/export", HandleAsync);

    private static async Task<Results<FileContentHttpResult, NotFound>> HandleAsync(
        string id, InstanceQueries instances, JournalQueries journal, CancellationToken cancellationToken)
    {
        var file = await FileBytesAsync(id, instances, journal, cancellationToken);
        return file is null ? TypedResults.NotFound() : TypedResults.File(file, "application/json", FileName(id));
    }

    public static string FileName(string id) => $"workflow-instance-{id}.json";

    public static async Task<byte[]?> FileBytesAsync(string id, InstanceQueries instances, JournalQueries journal, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(id, cancellationToken);
        if (details is null)
        {
            return null;
        }

        var records = await journal.ListExecutionsAsync(id, nodeId: null, cancellationToken);
        var log = await journal.ListLogAsync(id, JournalFilter.None, 0, int.MaxValue, cancellationToken);
        var export = new InstanceExportFile(
            InstanceMapper.ToInstance(details),
            [.. records.Select(r => ExecutionMapper.ToModel(r))],
            [.. log.Items.Select(InstanceMapper.ToLog)],
            JsonSerializer.SerializeToNode(details.State, WorkflowJson.Options)!.AsObject());
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(export, ElsaJson.Options));
    }
}
