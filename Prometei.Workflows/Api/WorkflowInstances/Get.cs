using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>The viewer's first call: the instance with its state (bookmarks, incidents, fault, input, output).</summary>
internal static class Get
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /workflow-instances/{id} (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Get/Endpoint.cs)
        api.MapGet("/workflow-instances/{id}", HandleAsync);

    private static async Task<Results<JsonHttpResult<WorkflowInstance>, NotFound>> HandleAsync(
        string id, InstanceQueries instances, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(id, cancellationToken);
        return details is null ? TypedResults.NotFound() : ElsaResults.Json(InstanceMapper.ToInstance(details));
    }
}
