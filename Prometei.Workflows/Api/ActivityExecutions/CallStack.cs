using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>
/// The Activity Call Stack tab: the executions that led to this one (its containers), root first. There is no cross-workflow
/// chain here (no workflow-as-activity), so <c>includeCrossWorkflowChain</c> changes nothing.
/// </summary>
internal static class CallStack
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /activity-executions/{id}/call-stack (Elsa.Workflows.Api/Endpoints/ActivityExecutions/GetCallStack/Endpoint.cs)
        api.MapGet("/activity-executions/{id}/call-stack", HandleAsync);

    private static async Task<Results<JsonHttpResult<ActivityExecutionCallStack>, NotFound>> HandleAsync(
        string id, HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var chain = await journal.CallStackAsync(id, cancellationToken);
        if (chain.Count == 0)
        {
            return TypedResults.NotFound();
        }

        var items = chain.Select((entry, i) => ExecutionMapper.ToModel(entry.Record, entry.Depth, i > 0 ? chain[i - 1].Record : null));
        var skip = Math.Max(ElsaQuery.Int(request, "skip") ?? 0, 0);
        var take = Math.Max(ElsaQuery.Int(request, "take") ?? chain.Count, 0);
        return ElsaResults.Json(new ActivityExecutionCallStack(id, [.. items.Skip(skip).Take(take)], chain.Count));
    }
}
