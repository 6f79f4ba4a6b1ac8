using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Kaspi;

/// <summary>The Kaspi.kz merchant API (section <c>Kaspi</c>; also <c>KASPI_*</c>, which win when set).</summary>
public sealed class KaspiOptions
{
    public const string SectionName = "Kaspi";

    /// <summary>The states a poll asks for, one request per state.</summary>
    public static readonly string[] DefaultStates = ["NEW", "SIGN_REQUIRED", "PICKUP", "DELIVERY", "KASPI_DELIVERY"];

    /// <summary>Every state Kaspi knows.</summary>
    public static readonly string[] KnownStates = ["NEW", "SIGN_REQUIRED", "PICKUP", "DELIVERY", "KASPI_DELIVERY", "ARCHIVE"];

    /// <summary>The API base (<c>KASPI_BASE_URL</c>). Default <c>https://kaspi.kz/shop/api/v2</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://kaspi.kz/shop/api/v2/");

    /// <summary>The merchant token sent as <c>X-Auth-Token</c> (<c>KASPI_API_TOKEN</c>).</summary>
    public string? ApiToken { get; set; }

    /// <summary>States polled for new orders (<c>KASPI_ALLOWED_STATES</c>, comma-separated).</summary>
    public List<string> AllowedStates { get; set; } = [];

    /// <summary>Orders per page (Kaspi: at most 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Longest window of one search (Kaspi: 14 days); longer windows are split.</summary>
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Subtracted from a poll's watermark, so orders approved after a later one still turn up. Default 30 minutes.</summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Entry requests in flight at once while reading a batch of orders. Default 8.</summary>
    public int EntriesConcurrency { get; set; } = 8;

    /// <summary>
    /// New orders one poll call reads entries for and syncs, at most (default 100): a backlog is taken in batches, oldest
    /// first, each call short enough to finish inside the caller's timeout, and the watermark moves past every batch done.
    /// </summary>
    public int PollBatch { get; set; } = 100;

    /// <summary>Base URLs the probe tries besides <see cref="BaseUrl"/>.</summary>
    public List<Uri> ProbeCandidates { get; set; } = [];

    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>
    /// Whether Kaspi is configured at all (<c>KASPI_API_TOKEN</c> or <c>KASPI_BASE_URL</c>, or their section keys, set). When
    /// not, the Kaspi flows are off and nothing about Kaspi is required; when it is, every required value must be valid.
    /// </summary>
    public bool Configured { get; set; }

    public IReadOnlyList<string> EffectiveStates => AllowedStates.Count > 0 ? AllowedStates : DefaultStates;

    internal static void ApplyLegacy(KaspiOptions o, LegacySettings legacy)
    {
        legacy.Uri(v => o.BaseUrl = v, "KASPI_BASE_URL");
        legacy.String(v => o.ApiToken = v, "KASPI_API_TOKEN");
        legacy.String(
            v => o.AllowedStates = [.. v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())],
            "KASPI_ALLOWED_STATES");
        o.Configured = !string.IsNullOrWhiteSpace(o.ApiToken) || legacy.Text("KASPI_BASE_URL", SectionName + ":BaseUrl") is not null;
        if (!o.BaseUrl.AbsoluteUri.EndsWith('/'))
        {
            o.BaseUrl = new Uri(o.BaseUrl.AbsoluteUri + "/");
        }
    }
}
