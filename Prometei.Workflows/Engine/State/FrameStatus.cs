namespace Prometei.Workflows.Engine.State;

/// <summary>Where an activity execution (a frame) stands.</summary>
public enum FrameStatus
{
    /// <summary>In the queue, waiting to run.</summary>
    Scheduled,

    /// <summary>Waiting for its children (a container).</summary>
    Running,

    /// <summary>Waiting for a bookmark to be resumed.</summary>
    Suspended,

    /// <summary>Failed; the next attempt waits for its time.</summary>
    RetryScheduled,

    /// <summary>Failed for good; an incident names it. An operator retry runs it again.</summary>
    Faulted,
}
