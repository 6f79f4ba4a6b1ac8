using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>Every attempt of one activity node in an instance, oldest first (read by instance and node id).</summary>
internal static class List
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /activity-executions/list (Elsa.Workflows.Api/Endpoints/ActivityExecutions/List/Endpoint.cs)
        api.MapGet("/activity-executions/list", HandleAsync);

    private static async Task<JsonHttpResult<ListResponse<ActivityExecutionRecordModel>>> HandleAsync(
        HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var records = await Query.ReadAsync(request, journal, cancellationToken);
        return ElsaResults.Json(new ListResponse<ActivityExecutionRecordModel>([.. records.Select(r => ExecutionMapper.ToModel(r))]));
    }
}
