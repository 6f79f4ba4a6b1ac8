using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>The journal, oldest first by sequence, filtered by the nodes on screen, event names and excluded types; paged by skip/take.</summary>
internal static class Journal
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1000;

    public static void Map(IEndpointRouteBuilder api)
    {
        // Elsa: POST /workflow-instances/{id}/journal (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Journal/FilteredList/Endpoint.cs)
        api.MapPost("/workflow-instances/{id}/journal", PostAsync);

        // Elsa: GET /workflow-instances/{id}/journal (Elsa.Workflows.Api/Endpoints/WorkflowInstances/Journal/List/Endpoint.cs)
        api.MapGet("/workflow-instances/{id}/journal", GetAsync);
    }

    private static async Task<Results<JsonHttpResult<PagedListResponse<ExecutionLogRecordModel>>, JsonHttpResult<ErrorResponse>>> PostAsync(
        string id, HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<JournalRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var filter = body?.Filter is { } f
            ? new JournalFilter
            {
                ActivityIds = f.ActivityIds ?? [],
                NodeIds = f.ActivityNodeIds ?? [],
                ExcludedActivityTypes = f.ExcludedActivityTypes ?? [],
                EventNames = f.EventNames ?? [],
            }
            : JournalFilter.None;
        return ElsaResults.Json(await ListAsync(id, filter, request, journal, cancellationToken));
    }

    private static async Task<JsonHttpResult<PagedListResponse<ExecutionLogRecordModel>>> GetAsync(
        string id, HttpRequest request, JournalQueries journal, CancellationToken cancellationToken) =>
        ElsaResults.Json(await ListAsync(id, JournalFilter.None, request, journal, cancellationToken));

    private static async Task<PagedListResponse<ExecutionLogRecordModel>> ListAsync(
        string id, JournalFilter filter, HttpRequest request, JournalQueries journal, CancellationToken cancellationToken)
    {
        var skip = Math.Max(ElsaQuery.Int(request, "skip") ?? 0, 0);
        var take = Math.Clamp(ElsaQuery.Int(request, "take") ?? DefaultTake, 0, MaxTake);
        var page = await journal.ListLogAsync(id, filter, skip, take, cancellationToken);
        return new PagedListResponse<ExecutionLogRecordModel>([.. page.Items.Select(InstanceMapper.ToLog)], page.TotalCount);
    }
}
