using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Prometei.Workflows.Api.Serialization;
using Prometei.Workflows.Api.WorkflowInstances;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence.Queries;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Api.Alterations;

/// <summary>
/// Elsa's alteration plan, as the instance list's bulk Cancel "all matching" sends it
/// (<c>{"id":null,"alterations":[{"type":"Cancel"}],"filter":{…}}</c>). The plan is applied in the request, not stored: the
/// matching instances are read in pages of <see cref="PageSize"/> ids in id order (stable while their statuses change) and each
/// page is cancelled with one statement through <see cref="WorkflowOperations.CancelManyAsync"/>. The answer's <c>planId</c> is
/// the request's <c>id</c>, or a new one; there is no plan to read back.
/// <list type="bullet">
/// <item><c>Cancel</c> is the one alteration type the engine can apply; any other type (Elsa's <c>Migrate</c>,
/// <c>ModifyVariable</c>, <c>ScheduleActivity</c>, <c>CancelActivity</c>) answers 400 naming it, and nothing is done.</item>
/// <item>The filter's instance ids, correlation ids, names, search term (as the instance list's), timestamps, definition ids,
/// version ids, incidents, statuses, sub-statuses and activity filters (on the execution records) all apply. A filter without any
/// of them matches nothing unless <c>emptyFilterSelectsAll</c> is true; <c>isSystem: true</c> matches nothing (no system
/// workflows here).</item>
/// <item>Only instances a cancel can act on are touched: running ones and faulted ones, as the row and bulk Cancel. An instance
/// with a cancel already queued gets no second one, so submitting the same plan again queues nothing more.</item>
/// </list>
/// </summary>
internal static partial class Submit
{
    /// <summary>How many instance ids are read and cancelled at a time.</summary>
    public const int PageSize = 500;

    private const string Cancel = "Cancel";

    public static void Map(IEndpointRouteBuilder api) =>
        // Elsa: POST /alterations/submit (Elsa.Alterations/Endpoints/Alterations/Submit/Endpoint.cs)
        api.MapPost("/alterations/submit", HandleAsync);

    private static async Task<Results<JsonHttpResult<SubmitAlterationPlanResponse>, JsonHttpResult<ErrorResponse>>> HandleAsync(
        HttpRequest request, InstanceQueries instances, WorkflowOperations operations, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (body, error) = await ElsaBody.ReadAsync<SubmitAlterationPlanRequest>(request, cancellationToken);
        if (error is not null)
        {
            return ElsaResults.Error(error);
        }

        var alterations = body?.Alterations ?? [];
        if (alterations.Count == 0)
        {
            return ElsaResults.Error("The plan has no alterations: send at least one, such as {\"type\": \"Cancel\"}.");
        }

        var unsupported = alterations.Select(TypeOf).Where(t => !string.Equals(t, Cancel, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        if (unsupported.Count > 0)
        {
            return ElsaResults.Errors(unsupported.Select(t => t is null
                ? "An alteration has no 'type'."
                : $"The alteration type '{t}' is not supported: this server can apply {Cancel} only."));
        }

        var (query, filterError) = ToQuery(body?.Filter);
        if (filterError is not null)
        {
            return ElsaResults.Error(filterError);
        }

        var planId = string.IsNullOrWhiteSpace(body?.Id) ? Guid.CreateVersion7().ToString("N") : body.Id.Trim();
        var (matched, queued) = (0, 0);
        for (string? after = null; query is not null;)
        {
            var ids = await instances.FindIdsAsync(query, after, PageSize, cancellationToken);
            matched += ids.Count;
            queued += await operations.CancelManyAsync(ids, cancellationToken); // Cancel is the only type: several cancel once
            if (ids.Count < PageSize)
            {
                break;
            }

            after = ids[^1];
        }

        LogApplied(loggers.CreateLogger(typeof(Submit).FullName!), planId, matched, queued);
        return ElsaResults.Json(new SubmitAlterationPlanResponse(planId));
    }

    private static string? TypeOf(JsonObject? alteration) =>
        alteration?["type"] is JsonValue value && value.TryGetValue<string>(out var type) && !string.IsNullOrWhiteSpace(type) ? type.Trim() : null;

    /// <summary>The filter as a query over the instances a cancel can act on; a null query when it matches nothing.</summary>
    private static (InstanceListQuery? Query, string? Error) ToQuery(AlterationWorkflowInstanceFilter? filter)
    {
        if (filter is null || filter.IsSystem is true)
        {
            return (null, null); // Elsa's default filter is empty and does not select all; no system workflows here
        }

        var (timestamps, timestampError) = TimestampFilters.Map(filter.TimestampFilters);
        if (timestampError is not null)
        {
            return (null, timestampError);
        }

        var errors = new List<string>();
        var statuses = Names<WorkflowStatus>(filter.Statuses, "status", errors);
        var subStatuses = Names<WorkflowSubStatus>(filter.SubStatuses, "sub-status", errors);
        var activities = new List<ActivityExecutionFilter>();
        foreach (var activity in filter.ActivityFilters ?? [])
        {
            if (activity is null)
            {
                continue;
            }

            var status = Names<ActivityExecutionStatus>(activity.Status is null ? [] : [activity.Status], "activity status", errors);
            activities.Add(new ActivityExecutionFilter(
                Value(activity.ActivityId), Value(activity.ActivityInstanceId), Value(activity.NodeId), Value(activity.Name), status.FirstOrDefault()));
        }

        if (errors.Count > 0)
        {
            return (null, errors[0]);
        }

        var query = new InstanceListQuery
        {
            Ids = Values(filter.WorkflowInstanceIds),
            CorrelationIds = Values(filter.CorrelationIds),
            Names = Values(filter.Names),
            SearchTerm = Value(filter.SearchTerm),
            Timestamps = timestamps,
            DefinitionIds = Values(filter.DefinitionIds),
            DefinitionVersionIds = Values(filter.DefinitionVersionIds),
            HasIncidents = filter.HasIncidents,
            Statuses = statuses,
            SubStatuses = subStatuses,
            Activities = [.. activities.Where(a => !a.IsEmpty)],
            CancellableOnly = true,
        };
        var empty = query is { Ids.Count: 0, CorrelationIds.Count: 0, Names.Count: 0, SearchTerm: null, Timestamps.Count: 0, DefinitionIds.Count: 0 }
            && query is { DefinitionVersionIds.Count: 0, HasIncidents: null, Statuses.Count: 0, SubStatuses.Count: 0, Activities.Count: 0 };
        return (empty && filter.EmptyFilterSelectsAll is not true ? null : query, null);
    }

    /// <summary>Enum names as <typeparamref name="T"/> spells them, whatever their case; an error for one it does not have.</summary>
    private static IReadOnlyList<string> Names<T>(IReadOnlyList<string?>? values, string what, List<string> errors)
        where T : struct, Enum
    {
        var names = new List<string>();
        foreach (var value in Values(values))
        {
            if (Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                names.Add(name);
            }
            else
            {
                errors.Add($"'{value}' is not a {what}: use {string.Join(", ", Enum.GetNames<T>())}.");
            }
        }

        return names;
    }

    private static IReadOnlyList<string> Values(IReadOnlyList<string?>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal)];

    private static string? Value(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Alteration plan {PlanId} applied: {Matched} instances matched, {Queued} cancels queued")]
    private static partial void LogApplied(ILogger logger, string planId, int matched, int queued);
}
