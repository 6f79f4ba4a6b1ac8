using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.State;

namespace Prometei.Workflows.Api.ActivityExecutions;

/// <summary>Our per-attempt execution records in Elsa's shapes.</summary>
internal static class ExecutionMapper
{
    public static ActivityExecutionRecordModel ToModel(ActivityExecutionRecord r, int? callStackDepth = null, ActivityExecutionRecord? scheduledBy = null) => new(
        r.Id,
        r.WorkflowInstanceId,
        r.ActivityInstanceId,
        r.ActivityId,
        r.ActivityNodeId,
        r.ActivityType,
        ActivityTypeVersion: 1,
        r.ActivityName,
        r.ActivityState is { } state ? (JsonObject)state.DeepClone() : [],
        r.Outcomes.Count > 0 ? new JsonObject { ["Outcomes"] = new JsonArray([.. r.Outcomes.Select(o => (JsonNode?)o)]) } : null,
        r.Outputs is { } outputs ? (JsonObject)outputs.DeepClone() : [],
        new Dictionary<string, JsonNode?> { ["attempt"] = r.Attempt },
        new Dictionary<string, JsonNode?>(),
        r.Exception,
        r.StartedAt,
        r.CompletedAt,
        r.HasBookmarks,
        r.Status,
        AggregateFaultCount: r.Status == ActivityExecutionStatus.Faulted ? 1 : 0,
        scheduledBy?.Id,
        scheduledBy?.ActivityId,
        scheduledBy?.WorkflowInstanceId,
        callStackDepth);

    public static ActivityExecutionRecordSummary ToSummary(ActivityExecutionRecord r) => new(
        r.Id, r.WorkflowInstanceId, r.ActivityInstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, ActivityTypeVersion: 1, r.ActivityName,
        new Dictionary<string, JsonNode?>(), r.StartedAt, r.CompletedAt, r.HasBookmarks, r.Status);
}
