using System.Text.Json.Nodes;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// A queue row: something an instance must do, now or at <see cref="DueAt"/>. <see cref="TraceParent"/> is the W3C trace
/// context of what queued it, continued by the step that runs it.
/// </summary>
public sealed record WorkItem(long Id, string Kind, string? TargetId, JsonNode? Payload, DateTimeOffset DueAt, string? TraceParent = null)
{
    public const string Run = "Run";
    public const string Resume = "Resume";
    public const string Retry = "Retry";
    public const string RetryFaulted = "RetryFaulted";
    public const string Cancel = "Cancel";
}
