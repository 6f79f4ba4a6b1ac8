using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.State;

/// <summary>One attempt of one activity execution, as the journal keeps it.</summary>
public sealed class ActivityExecutionRecord
{
    public required string Id { get; init; }

    /// <summary>The frame (activity instance) the attempt belongs to.</summary>
    public required string ActivityInstanceId { get; init; }

    public required string WorkflowInstanceId { get; init; }

    public required string ActivityId { get; init; }

    public required string ActivityNodeId { get; init; }

    public required string ActivityType { get; init; }

    public string? ActivityName { get; init; }

    public int Attempt { get; init; } = 1;

    /// <summary>The evaluated inputs, secrets redacted; null on an update that keeps what the journal holds.</summary>
    public JsonObject? ActivityState { get; set; } = [];

    public JsonObject? Outputs { get; set; }

    public List<string> Outcomes { get; set; } = [];

    public ExceptionInfo? Exception { get; set; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool HasBookmarks { get; set; }

    public ActivityExecutionStatus Status { get; set; } = ActivityExecutionStatus.Running;
}
