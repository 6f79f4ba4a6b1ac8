using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.Alterations;

/// <summary>
/// Elsa's retry alteration, mapped to the engine's retry: each instance's faulted activities run again. The engine retries
/// every faulted activity of an instance, so <c>activityIds</c> does not narrow it.
/// </summary>
internal static class RetryWorkflows
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /alterations/workflows/retry (Elsa.Alterations/Endpoints/Workflows/Retry/Endpoint.cs)
        api.MapPost("/alterations/workflows/retry", HandleAsync);

    private static async Task<Results<JsonHttpResult<RetryWorkflowsResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, WorkflowOperations operations, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<RetryWorkflowsRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var results = new List<RetryResult>();
        foreach (var id in (body?.WorkflowInstanceIds ?? []).Distinct(StringComparer.Ordinal))
        {
            var queued = await operations.RetryAsync(id, cancellationToken);
            results.Add(new RetryResult(id, new AlterationLog([]), WorkflowHasScheduledWork: queued, IsSuccessful: queued));
        }

        return ElsaResults.Json(new RetryWorkflowsResponse(results));
    }
}
