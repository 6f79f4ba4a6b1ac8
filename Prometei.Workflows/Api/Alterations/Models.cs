using System.Text.Json.Nodes;
using Prometei.Workflows.Api.WorkflowInstances;

namespace Prometei.Workflows.Api.Alterations;

internal sealed record RetryWorkflowsRequest(IReadOnlyList<string>? WorkflowInstanceIds, IReadOnlyList<string>? ActivityIds);

internal sealed record AlterationLog(IReadOnlyList<JsonObject> LogEntries);

internal sealed record RetryResult(string WorkflowInstanceId, AlterationLog Log, bool WorkflowHasScheduledWork, bool IsSuccessful);

internal sealed record RetryWorkflowsResponse(IReadOnlyList<RetryResult> Results);

/// <summary>Elsa's <c>AlterationPlanParams</c>: an optional plan id, the alterations (each an object with a <c>type</c>) and the filter.</summary>
internal sealed record SubmitAlterationPlanRequest(string? Id, IReadOnlyList<JsonObject?>? Alterations, AlterationWorkflowInstanceFilter? Filter);

/// <summary>
/// Elsa's <c>AlterationWorkflowInstanceFilter</c>. Statuses and sub-statuses are enum names; timestamp filters are the instance
/// list's. With no criterion at all it matches nothing, unless <c>emptyFilterSelectsAll</c> is true.
/// </summary>
internal sealed record AlterationWorkflowInstanceFilter(
    bool? EmptyFilterSelectsAll,
    IReadOnlyList<string?>? WorkflowInstanceIds,
    IReadOnlyList<string?>? CorrelationIds,
    IReadOnlyList<string?>? Names,
    string? SearchTerm,
    IReadOnlyList<TimestampFilterModel?>? TimestampFilters,
    IReadOnlyList<string?>? DefinitionIds,
    IReadOnlyList<string?>? DefinitionVersionIds,
    bool? HasIncidents,
    bool? IsSystem,
    IReadOnlyList<string?>? Statuses,
    IReadOnlyList<string?>? SubStatuses,
    IReadOnlyList<ActivityFilterModel?>? ActivityFilters);

/// <summary>Elsa's alteration <c>ActivityFilter</c>: an instance matches when one of its activity execution records matches every member given.</summary>
internal sealed record ActivityFilterModel(string? ActivityId, string? ActivityInstanceId, string? NodeId, string? Name, string? Status);

internal sealed record SubmitAlterationPlanResponse(string PlanId);
