using System.ComponentModel.DataAnnotations;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// How the Prometei activities reach the integration gateway and what they act on (section <c>Integration</c>). Validated at
/// startup (<see cref="IntegrationOptionsValidator"/>): a bad value stops the server with the key's name instead of failing the
/// first webhook.
/// </summary>
public sealed class IntegrationOptions
{
    public const string SectionName = "Integration";

    /// <summary>The gateway's base URL; by default the logical name <c>http://api</c>, resolved from <c>services__api__http__0</c>.</summary>
    [Required]
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

    /// <summary>amoCRM pipeline ids the webhook flow and the catch-up act on, comma-separated (<c>Integration:WebhookPipelines</c>); empty: all.</summary>
    public string WebhookPipelines { get; set; } = "";

    /// <summary>amoCRM status ids they act on, comma-separated (<c>Integration:WebhookStatuses</c>); empty: all.</summary>
    public string WebhookStatuses { get; set; } = "";

    /// <summary>How many days back the very first Kaspi poll looks (<c>Integration:KaspiFirstPollDays</c>), 1 to 92.</summary>
    [Range(1, 92)]
    public int KaspiFirstPollDays { get; set; } = 3;

    /// <summary>
    /// How many batches one Kaspi poll may take in a row while a backlog remains (<c>Integration:KaspiPollBatchesPerSlot</c>),
    /// 1 to 1,000, default 20; each batch is one gateway call of at most the gateway's <c>Kaspi:PollBatch</c> orders.
    /// </summary>
    [Range(1, 1000)]
    public int KaspiPollBatchesPerSlot { get; set; } = 20;

    /// <summary>How many days back the Kaspi reconcile compares (<c>Integration:ReconcileDays</c>), 1 to 92.</summary>
    [Range(1, 92)]
    public int ReconcileDays { get; set; } = 7;

    /// <summary>How far back the amoCRM catch-up's first run looks, in minutes (<c>Integration:CatchUpLookBackMinutes</c>), up to 90 days.</summary>
    [Range(1, 129_600)]
    public long CatchUpLookBackMinutes { get; set; } = 1440;

    /// <summary>
    /// How long after a Digital Pipeline status hook (no time: the catch-up's) the catch-up is run for it
    /// (<c>Integration:CatchUpOnHookDelay</c>), instead of at its next cron slot: the gateway reads amoCRM's event list up to
    /// 5 s before now (events are listed a little late) in whole seconds, so a run sooner would not see the change. Hooks within
    /// one delay of each other share one run. Default 8 s; zero: hooks wait for the cron.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CatchUpOnHookDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary><see cref="WebhookPipelines"/> as ids (validated at startup).</summary>
    public IReadOnlyList<long> PipelineIds() => AmoCrmWebhook.ParseIds(WebhookPipelines);

    /// <summary><see cref="WebhookStatuses"/> as ids (validated at startup).</summary>
    public IReadOnlyList<long> StatusIds() => AmoCrmWebhook.ParseIds(WebhookStatuses);
}
