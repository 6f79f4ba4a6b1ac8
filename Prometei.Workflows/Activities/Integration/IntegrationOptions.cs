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
}
