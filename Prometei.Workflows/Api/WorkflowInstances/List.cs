using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>The instance list (polled every 10 s): filters, search, order and a page, with the total counted in SQL.</summary>
internal static class List
{
    /// <summary>The most instances one call returns when no page size is given.</summary>
    public const int MaxPageSize = 1000;

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /workflow-instances (Elsa.Workflows.Api/Endpoints/WorkflowInstances/List/Endpoint.cs)
        api.MapPost("/workflow-instances", HandleAsync);

    private static async Task<Results<JsonHttpResult<PagedListResponse<WorkflowInstanceSummary>>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, InstanceQueries instances, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<ListWorkflowInstancesRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        body ??= new ListWorkflowInstancesRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        if (body.IsSystem is true)
        {
            return ElsaResults.Json(new PagedListResponse<WorkflowInstanceSummary>([], 0)); // no system workflows here
        }

        var (timestamps, timestampError) = TimestampFilters.Map(body.TimestampFilters);
        if (timestampError is not null)
        {
            return ElsaResults.Error(timestampError);
        }

        var pageSize = Math.Clamp(body.PageSize ?? MaxPageSize, 0, MaxPageSize);
        var query = new InstanceListQuery
        {
            DefinitionIds = [.. (body.DefinitionIds ?? []).Concat(body.DefinitionId is { Length: > 0 } d ? [d] : [])],
            CorrelationId = string.IsNullOrWhiteSpace(body.CorrelationId) ? null : body.CorrelationId,
            Version = body.Version,
            HasIncidents = body.HasIncidents,
            Statuses = [.. (body.Statuses ?? []).Concat(body.Status is { Length: > 0 } s ? [s] : [])],
            SubStatuses = [.. (body.SubStatuses ?? []).Concat(body.SubStatus is { Length: > 0 } ss ? [ss] : [])],
            SearchTerm = body.SearchTerm,
            Timestamps = timestamps,
            OrderBy = Enum.TryParse<InstanceOrder>(body.OrderBy, ignoreCase: true, out var order) ? order : InstanceOrder.Created,
            Descending = !string.Equals(body.OrderDirection, "Ascending", StringComparison.OrdinalIgnoreCase),
            Skip = Math.Max(body.Page ?? 0, 0) * pageSize,
            Take = pageSize,
        };
        var page = await instances.ListAsync(query, cancellationToken);
        return ElsaResults.Json(new PagedListResponse<WorkflowInstanceSummary>([.. page.Items.Select(InstanceMapper.ToSummary)], page.TotalCount));
    }
}
