namespace Prometei.Workflows.Capabilities;

/// <summary>How the workflows server learns from the gateway which flows are on (section <c>FlowAvailability</c>).</summary>
public sealed class FlowAvailabilityOptions
{
    public const string SectionName = "FlowAvailability";

    /// <summary>How often the gateway's <c>GET /api/capabilities</c> is read. Default 30 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a trigger waits for the first read after the start before it lets a workflow start anyway. Default 10 s.</summary>
    public TimeSpan FirstReadWait { get; set; } = TimeSpan.FromSeconds(10);
}
