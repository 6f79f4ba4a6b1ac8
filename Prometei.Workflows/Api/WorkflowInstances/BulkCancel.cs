using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>
/// Cancels the given instances, or every running instance of a version (definition list → Cancel) or of a definition.
/// Answers how many cancels were queued.
/// </summary>
internal static class BulkCancel
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /bulk-actions/cancel/workflow-instances (Elsa.Workflows.Api/Endpoints/WorkflowInstances/BulkCancel/Endpoint.cs)
        api.MapPost("/bulk-actions/cancel/workflow-instances", HandleAsync);

    private static async Task<Results<JsonHttpResult<CountResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, InstanceQueries instances, WorkflowOperations operations, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<BulkCancelRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        IReadOnlyList<string> ids = body?.Ids is { Count: > 0 } given
            ? [.. given.Distinct(StringComparer.Ordinal)]
            : await instances.FindRunningAsync(
                string.IsNullOrWhiteSpace(body?.DefinitionVersionId) ? null : body.DefinitionVersionId,
                string.IsNullOrWhiteSpace(body?.DefinitionId) ? null : body.DefinitionId,
                cancellationToken);
        var cancelled = 0;
        foreach (var id in ids)
        {
            cancelled += await operations.CancelAsync(id, cancellationToken) ? 1 : 0;
        }

        return ElsaResults.Json(new CountResponse(cancelled));
    }
}
