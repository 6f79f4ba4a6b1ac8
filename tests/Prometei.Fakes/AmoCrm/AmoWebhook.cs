namespace Prometei.Fakes.AmoCrm;

/// <summary>A webhook subscription made through <c>POST /api/v4/webhooks</c>.</summary>
internal sealed record AmoWebhook(long Id, string Destination, IReadOnlyList<string> Settings, int Sort, long CreatedAt)
{
    /// <summary>Switched off by amoCRM after too many failed deliveries (contract §14.4); re-enabled by subscribing again.</summary>
    public bool Disabled { get; set; }

    /// <summary>When deliveries failed, for the switch-off rule.</summary>
    public List<DateTimeOffset> Failures { get; } = [];
}
