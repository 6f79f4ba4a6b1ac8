using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.State;

/// <summary>A suspended activity waiting for a stimulus: an event name, a time.</summary>
/// <param name="Id">The bookmark's id.</param>
/// <param name="FrameId">The suspended activity instance.</param>
/// <param name="NodeId">The suspended activity's node.</param>
/// <param name="ActivityType">The activity type (<c>Elsa.Event</c>, <c>Elsa.Delay</c>).</param>
/// <param name="Name">What resumes it: an event name, or a kind such as <c>Delay</c>.</param>
/// <param name="ResumeAt">For timers: when it resumes by itself.</param>
/// <param name="Payload">Extra data for the bookmark's owner.</param>
public sealed record Bookmark(string Id, string FrameId, string NodeId, string ActivityType, string Name, DateTimeOffset? ResumeAt, JsonNode? Payload);
