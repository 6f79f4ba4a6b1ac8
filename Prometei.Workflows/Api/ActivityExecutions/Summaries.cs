using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>The Executions tab: the attempts of one node, without their state.</summary>
internal static class Summaries
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /activity-execution-summaries/list (Elsa.Workflows.Api/Endpoints/ActivityExecutionSummaries/List/Endpoint.cs)
        api.MapGet("/activity-execution-summaries/list", HandleAsync);

    private static async Task<JsonHttpResult<ListResponse<ActivityExecutionRecordSummary>>> HandleAsync(
        HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var records = await Query.ReadAsync(request, journal, cancellationToken);
        return ElsaResults.Json(new ListResponse<ActivityExecutionRecordSummary>([.. records.Select(ExecutionMapper.ToSummary)]));
    }
}
