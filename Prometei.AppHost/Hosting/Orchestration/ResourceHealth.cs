namespace Prometei.AppHost.Hosting.Orchestration;

/// <summary>What the last health check said.</summary>
public enum ResourceHealth
{
    /// <summary>Not checked (not running).</summary>
    Unknown,

    /// <summary>The check passed.</summary>
    Healthy,

    /// <summary>The check failed.</summary>
    Unhealthy,
}
