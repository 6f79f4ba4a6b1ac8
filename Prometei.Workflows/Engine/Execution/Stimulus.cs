using System.Text.Json.Nodes;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>Something that makes an instance run: the runtime turns its queue rows into these.</summary>
public abstract record Stimulus
{
    /// <summary>A bookmark is resumed (an event arrived, a delay ran out).</summary>
    public sealed record ResumeBookmark(string BookmarkId, JsonNode? Payload) : Stimulus;

    /// <summary>A failed activity's next attempt is due.</summary>
    public sealed record RetryActivity(string FrameId) : Stimulus;

    /// <summary>An operator retries the instance's faulted activities.</summary>
    public sealed record RetryFaulted : Stimulus;

    /// <summary>An operator cancels the instance.</summary>
    public sealed record Cancel : Stimulus;

    /// <summary>Nothing new: continue the queued work.</summary>
    public sealed record Continue : Stimulus;
}
