using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>One attempt's record, with its inputs, outputs, outcomes and exception.</summary>
internal static class GetById
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: GET /activity-executions/by-id (Elsa.Workflows.Api/Endpoints/ActivityExecutions/Get/Endpoint.cs)
        api.MapGet("/activity-executions/by-id", HandleAsync);

    private static async Task<Results<JsonHttpResult<ActivityExecutionRecordModel>, NotFound>> HandleAsync(
        HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var id = ElsaQuery.String(request, "id");
        var record = string.IsNullOrEmpty(id) ? null : await journal.GetExecutionAsync(id, cancellationToken);
        return record is null ? TypedResults.NotFound() : ElsaResults.Json(ExecutionMapper.ToModel(record));
    }
}
