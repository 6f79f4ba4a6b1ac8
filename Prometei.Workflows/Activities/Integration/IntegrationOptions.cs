namespace Prometei.Workflows.Activities.Integration;

/// <summary>How the Prometei activities reach the integration gateway (section <c>Integration</c>).</summary>
public sealed class IntegrationOptions
{
    public const string SectionName = "Integration";

    /// <summary>The gateway's base URL; by default the logical name <c>http://api</c>, resolved from <c>services__api__http__0</c>.</summary>
    public Uri BaseAddress { get; set; } = new("http://api");

    /// <summary>The gateway's internal API key (Prometei.Api's <c>API_INTERNAL_KEY</c>).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How long one gateway call may take before the attempt counts as failed (and is retried durably).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long a Prometei activity keeps retrying a vendor that is down (transient failures) after its first failure. Default 24 h; zero: only the attempts.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The cap of the backoff between those attempts. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first backoff. Default 2 s, doubled each attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);
}
