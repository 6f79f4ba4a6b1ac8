using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Persistence.Queries;

namespace Prometei.Workflows.Api.WorkflowInstances;

/// <summary>Our instances, state and journal in Elsa's shapes.</summary>
internal static class InstanceMapper
{
    public static WorkflowInstanceSummary ToSummary(InstanceSummary i) => new(
        i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, i.Status, i.SubStatus, i.CorrelationId, i.Name, i.IncidentCount,
        i.CreatedAt, i.UpdatedAt, i.FinishedAt);

    public static WorkflowInstance ToInstance(InstanceDetails details)
    {
        var i = details.Summary;
        return new WorkflowInstance(
            i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, i.Status, i.SubStatus, i.CorrelationId, i.Name, i.IncidentCount,
            i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.ReplayOf, ToState(details.State));
    }

    /// <summary>
    /// The state as Studio's viewer reads it: bookmarks, incidents, fault, input and output as they are; the live activity
    /// executions (frames) as activity execution contexts.
    /// </summary>
    public static WorkflowStateModel ToState(WorkflowState s)
    {
        var frames = s.Frames.ToDictionary(f => f.Id, StringComparer.Ordinal);
        return new WorkflowStateModel(
            s.Id,
            s.DefinitionId,
            s.DefinitionVersionId,
            s.DefinitionVersion,
            s.CorrelationId,
            s.Status,
            s.SubStatus,
            [.. s.Bookmarks.Select(b => new BookmarkModel(
                b.Id, b.Name, b.Name, b.Payload, ActivityId(b.NodeId), b.NodeId, b.FrameId,
                frames.GetValueOrDefault(b.FrameId)?.StartedAt ?? s.UpdatedAt, b.ResumeAt, AutoBurn: true, CallbackMethodName: null,
                new Dictionary<string, string> { ["activityType"] = b.ActivityType }))],
            [.. s.Incidents.Select(i => new IncidentModel(i.ActivityId, i.ActivityNodeId, i.ActivityType, i.Message, i.Exception, i.Timestamp))],
            s.Fault is { } fault ? new FaultModel(fault.Exception, fault.Message, fault.FaultedActivityId) : null,
            [],
            [.. s.Frames.Select(f => new ActivityExecutionContextModel(
                f.Id, f.ParentId, f.NodeId, f.ParentId is { } p && frames.TryGetValue(p, out var parent) ? parent.NodeId : null,
                f.Status.ToString(), f.Attempt, f.Properties, [], []))],
            s.Input,
            s.Output,
            s.Properties,
            s.CreatedAt,
            s.UpdatedAt,
            s.FinishedAt);
    }

    public static ExecutionLogRecordModel ToLog(ExecutionLogRecord l) => new(
        l.Id, l.WorkflowInstanceId, l.ActivityInstanceId, l.ParentActivityInstanceId, l.ActivityId, l.ActivityType, ActivityTypeVersion: 1,
        l.ActivityName, l.NodeId, l.Timestamp, l.Sequence, l.EventName, l.Message, l.Source, [], l.Payload);

    /// <summary>The last segment of a node id is the activity's id.</summary>
    private static string ActivityId(string nodeId) => nodeId[(nodeId.LastIndexOf(':') + 1)..];
}
