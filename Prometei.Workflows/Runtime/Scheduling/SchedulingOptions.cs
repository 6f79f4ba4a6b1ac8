namespace Prometei.Workflows.Runtime.Scheduling;

/// <summary>Timer settings (section <c>Workflows:Scheduling</c>).</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Workflows:Scheduling";

    /// <summary>The IANA time zone cron expressions are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Almaty";

    /// <summary>How often the scheduler looks for due timer slots.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
