using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.State;

/// <summary>
/// One live activity execution (Elsa's activity execution context): created when the activity is scheduled and removed when it completes.
/// </summary>
public sealed class ActivityFrame
{
    /// <summary>The activity instance id.</summary>
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public required string NodeId { get; init; }

    public FrameStatus Status { get; set; } = FrameStatus.Scheduled;

    /// <summary>The current attempt, 1-based.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>How many times this node had been scheduled in the instance when this frame was: part of the idempotency key.</summary>
    public int Iteration { get; init; }

    /// <summary>The container's tag for this child (a loop index).</summary>
    public string? Tag { get; init; }

    /// <summary>The activity's own state (a loop's position, a join's received tokens).</summary>
    public Dictionary<string, JsonNode?> Properties { get; init; } = [];

    /// <summary>Variables local to this frame and its descendants (a parallel loop's current item).</summary>
    public Dictionary<string, JsonNode?> Locals { get; init; } = [];

    /// <summary>Resume or retry input handed to the next execution.</summary>
    public JsonNode? Payload { get; set; }

    /// <summary>Whether the next run is a resume of a bookmark rather than an execution.</summary>
    public bool Resuming { get; set; }

    public DateTimeOffset ScheduledAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>When the current run of attempts first failed (for a retry policy's window); cleared by an operator's retry.</summary>
    public DateTimeOffset? FirstFailedAt { get; set; }

    /// <summary>The id of the current attempt's execution record.</summary>
    public string? RecordId { get; set; }
}
