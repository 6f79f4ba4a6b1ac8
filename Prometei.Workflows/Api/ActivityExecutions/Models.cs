using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>
/// Elsa's <c>ActivityExecutionRecord</c>. <c>id</c> is the record of one attempt; <c>activityInstanceId</c> and <c>attempt</c>
/// are ours. <c>activityState</c> is always an object, so Studio never takes a finished record for one still being written.
/// </summary>
internal sealed record ActivityExecutionRecordModel(
    string Id,
    string WorkflowInstanceId,
    string ActivityInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    JsonObject ActivityState,
    JsonObject? Payload,
    JsonObject Outputs,
    IReadOnlyDictionary<string, JsonNode?> Properties,
    IReadOnlyDictionary<string, JsonNode?> Metadata,
    ExceptionInfo? Exception,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    bool HasBookmarks,
    ActivityExecutionStatus Status,
    int AggregateFaultCount,
    string? SchedulingActivityExecutionId,
    string? SchedulingActivityId,
    string? SchedulingWorkflowInstanceId,
    int? CallStackDepth);

/// <summary>Elsa's <c>ActivityExecutionRecordSummary</c>.</summary>
internal sealed record ActivityExecutionRecordSummary(
    string Id,
    string WorkflowInstanceId,
    string ActivityInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    IReadOnlyDictionary<string, JsonNode?> Metadata,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    bool HasBookmarks,
    ActivityExecutionStatus Status);

internal sealed record ActivityExecutionStats(
    string ActivityId,
    string ActivityNodeId,
    int StartedCount,
    int CompletedCount,
    int UncompletedCount,
    bool IsBlocked,
    bool IsFaulted,
    IReadOnlyDictionary<string, JsonNode?> Metadata);

internal sealed record ActivityExecutionReport(IReadOnlyList<ActivityExecutionStats> Stats);

internal sealed record ActivityExecutionReportRequest(string? WorkflowInstanceId, IReadOnlyList<string>? ActivityNodeIds);

internal sealed record ActivityExecutionCallStack(string ActivityExecutionId, IReadOnlyList<ActivityExecutionRecordModel> Items, long TotalCount);
