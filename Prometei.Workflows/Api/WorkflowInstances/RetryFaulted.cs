using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Ours (no Elsa counterpart): retries every faulted instance at once, or those of one definition (<c>?definitionId=</c>), for
/// instances that faulted in an outage longer than the retry window, or on a permanent error since fixed. 200
/// <c>{"workflowInstanceIds": [...]}</c> with the instances whose faulted activities were queued again.
/// </summary>
internal static class RetryFaulted
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Prometei: POST /workflow-instances/retry-faulted (no Elsa counterpart)
        api.MapPost("/workflow-instances/retry-faulted", HandleAsync);

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<RetriedInstancesResponse>> HandleAsync(
        WorkflowOperations operations, CancellationToken cancellationToken, string? definitionId = null) =>
        ElsaResults.Json(new RetriedInstancesResponse(await operations.RetryFaultedAsync(string.IsNullOrWhiteSpace(definitionId) ? null : definitionId, cancellationToken)));
}
