using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.State;

/// <summary>One entry of the workflow execution log (Started, Completed, Faulted, Suspended, Resumed, or a message).</summary>
public sealed record ExecutionLogRecord(
    string Id,
    string WorkflowInstanceId,
    string? ActivityInstanceId,
    string? ParentActivityInstanceId,
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    string NodeId,
    DateTimeOffset Timestamp,
    long Sequence,
    string EventName,
    string? Message,
    string? Source,
    JsonNode? Payload);
