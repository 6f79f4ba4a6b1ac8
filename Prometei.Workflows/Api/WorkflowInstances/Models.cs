using System.Text.Json.Nodes;
using Prometei.Workflows.Api.ActivityExecutions;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>Elsa's <c>WorkflowInstanceSummary</c>.</summary>
internal sealed record WorkflowInstanceSummary(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    string? Name,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>Elsa's <c>WorkflowInstance</c>: the summary's members and a never-null <c>workflowState</c>; <c>replayOf</c> is ours.</summary>
internal sealed record WorkflowInstance(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    string? Name,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? ReplayOf,
    WorkflowStateModel WorkflowState);

/// <summary>Elsa's <c>WorkflowState</c>, mapped from ours; every collection is present.</summary>
internal sealed record WorkflowStateModel(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int DefinitionVersion,
    string? CorrelationId,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    IReadOnlyList<BookmarkModel> Bookmarks,
    IReadOnlyList<IncidentModel> Incidents,
    FaultModel? Fault,
    IReadOnlyList<JsonObject> CompletionCallbacks,
    IReadOnlyList<ActivityExecutionContextModel> ActivityExecutionContexts,
    IReadOnlyDictionary<string, JsonNode?> Input,
    IReadOnlyDictionary<string, JsonNode?> Output,
    IReadOnlyDictionary<string, JsonNode?> Properties,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

internal sealed record BookmarkModel(
    string Id,
    string Name,
    string Hash,
    JsonNode? Payload,
    string ActivityId,
    string ActivityNodeId,
    string ActivityInstanceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResumeAt,
    bool AutoBurn,
    string? CallbackMethodName,
    IReadOnlyDictionary<string, string> Metadata);

internal sealed record IncidentModel(
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    string Message,
    ExceptionInfo? Exception,
    DateTimeOffset Timestamp);

internal sealed record FaultModel(ExceptionInfo? Exception, string Message, string? FaultedActivityId);

internal sealed record ActivityExecutionContextModel(
    string Id,
    string? ParentContextId,
    string ScheduledActivityNodeId,
    string? OwnerActivityNodeId,
    string Status,
    int Attempt,
    IReadOnlyDictionary<string, JsonNode?> Properties,
    JsonObject ActivityState,
    IReadOnlyList<JsonObject> DynamicVariables);

internal sealed record TimestampFilterModel(string? Column, string? Operator, DateTimeOffset Timestamp);

/// <summary>Elsa's instance list request (a POST).</summary>
internal sealed record ListWorkflowInstancesRequest(
    int? Page,
    int? PageSize,
    string? SearchTerm,
    string? DefinitionId,
    IReadOnlyList<string>? DefinitionIds,
    string? CorrelationId,
    int? Version,
    bool? HasIncidents,
    bool? IsSystem,
    string? Status,
    IReadOnlyList<string>? Statuses,
    string? SubStatus,
    IReadOnlyList<string>? SubStatuses,
    string? OrderBy,
    string? OrderDirection,
    IReadOnlyList<TimestampFilterModel>? TimestampFilters);

internal sealed record JournalFilterModel(
    IReadOnlyList<string>? ActivityIds,
    IReadOnlyList<string>? ActivityNodeIds,
    IReadOnlyList<string>? ExcludedActivityTypes,
    IReadOnlyList<string>? EventNames);

internal sealed record JournalRequest(JournalFilterModel? Filter);

/// <summary>Elsa's <c>WorkflowExecutionLogRecord</c>.</summary>
internal sealed record ExecutionLogRecordModel(
    string Id,
    string WorkflowInstanceId,
    string? ActivityInstanceId,
    string? ParentActivityInstanceId,
    string ActivityId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    string NodeId,
    DateTimeOffset Timestamp,
    long Sequence,
    string EventName,
    string? Message,
    string? Source,
    JsonObject ActivityState,
    JsonNode? Payload);

internal sealed record ResolvedVariable(string Id, string Name, JsonNode? Value);

/// <summary>What the viewer polls. The member is <c>workflowSubStatus</c>, not <c>subStatus</c>.</summary>
internal sealed record WorkflowExecutionState(string Status, string WorkflowSubStatus, DateTimeOffset UpdatedAt);

internal sealed record BulkCancelRequest(IReadOnlyList<string>? Ids, string? DefinitionVersionId, string? DefinitionId, string? VersionOptions);

internal sealed record CountResponse(int Count);

internal sealed record IdsRequest(IReadOnlyList<string>? Ids);

internal sealed record DeletedCountResponse(int Deleted);

internal sealed record WorkflowInstanceIdResponse(string WorkflowInstanceId);

/// <summary>
/// The file <c>GET /workflow-instances/{id}/export</c> writes and <c>POST /bulk-actions/import/workflow-instances</c> reads: the
/// instance as <c>GET /workflow-instances/{id}</c> answers it, its execution records and its journal in Elsa's shapes, and
/// <c>engineState</c>, the state as the engine keeps it (variables, live activities, queue, bookmarks), which an import restores
/// as it is. Members are nullable for reading files; an export fills them all.
/// </summary>
internal sealed record InstanceExportFile(
    WorkflowInstance? WorkflowInstance,
    IReadOnlyList<ActivityExecutionRecordModel?>? ActivityExecutionRecords,
    IReadOnlyList<ExecutionLogRecordModel?>? WorkflowExecutionLogRecords,
    JsonObject? EngineState);
