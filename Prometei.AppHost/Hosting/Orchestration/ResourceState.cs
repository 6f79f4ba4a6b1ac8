namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>Where a resource is in its life (the dashboard's State column).</summary>
public enum ResourceState
{
    /// <summary>Not started yet.</summary>
    NotStarted,

    /// <summary>Waiting for what it <c>WaitFor</c>s to be healthy.</summary>
    Waiting,

    /// <summary>Started; its health check has not answered yet.</summary>
    Starting,

    /// <summary>Running (see the health for whether it works).</summary>
    Running,

    /// <summary>Being stopped.</summary>
    Stopping,

    /// <summary>Stopped by the AppHost or from the dashboard.</summary>
    Stopped,

    /// <summary>Ended on its own with exit code 0.</summary>
    Exited,

    /// <summary>Ended on its own with another exit code, or was killed; not restarted.</summary>
    Crashed,

    /// <summary>Could not be started (see the detail).</summary>
    FailedToStart,
}
