using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>
/// The counters and colours on the viewer's canvas, per node: executions started, completed and not completed, blocked
/// (waiting on a bookmark) and faulted (the latest attempt of an execution failed). Aggregated in SQL.
/// </summary>
internal static class Report
{
    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /activity-executions/report (Elsa.Workflows.Api/Endpoints/ActivityExecutions/Report/Endpoint.cs)
        api.MapPost("/activity-executions/report", HandleAsync);

    private static async Task<Results<JsonHttpResult<ActivityExecutionReport>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<ActivityExecutionReportRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        if (string.IsNullOrEmpty(body?.WorkflowInstanceId))
        {
            return ElsaResults.Json(new ActivityExecutionReport([]));
        }

        var rows = await journal.ReportAsync(body.WorkflowInstanceId, body.ActivityNodeIds ?? [], cancellationToken);
        return ElsaResults.Json(new ActivityExecutionReport([.. rows.Select(r => new ActivityExecutionStats(
            r.ActivityId, r.ActivityNodeId, r.StartedCount, r.CompletedCount, r.StartedCount - r.CompletedCount, r.IsBlocked, r.IsFaulted,
            new Dictionary<string, JsonNode?>()))]));
    }
}
