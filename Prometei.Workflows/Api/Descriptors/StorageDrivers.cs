using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;

namespace Prometei.Workflows.Api.Descriptors;

/// <summary>Where variables live: only in the instance's state, so one driver.</summary>
internal static class StorageDrivers
{
    public const string WorkflowInstance = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /descriptors/storage-drivers (Elsa.Workflows.Api/Endpoints/StorageDrivers/List/Endpoint.cs)
        api.MapGet("/descriptors/storage-drivers", Handle);

    private static JsonHttpResult<ItemsResponse<StorageDriverModel>> Handle() =>
        ElsaResults.Json(new ItemsResponse<StorageDriverModel>([new StorageDriverModel(WorkflowInstance, "Workflow Instance", 0, false)]));
}
