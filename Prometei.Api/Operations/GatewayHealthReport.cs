using Prometei.Api.Ledger;

namespace Prometei.Api.Operations;

/// <summary>
/// The operations health document (<c>GET /health</c> with Basic auth). <see cref="Status"/>: <c>Healthy</c>;
/// <c>Degraded</c> (the Kaspi poll is older than the threshold, errors today, or amoCRM switched our webhook off); <c>Unhealthy</c> (the database is
/// unreachable, or amoCRM calls are stopped: token revoked, account blocked, never connected).
/// </summary>
public sealed record GatewayHealthReport(
    string Status,
    DateTimeOffset CheckedAt,
    string Database,
    HeartbeatInfo? Heartbeat,
    HeartbeatInfo? LastKaspiPoll,
    ErrorEntry? LastError,
    IReadOnlyDictionary<string, long> Today,
    AmoCrmHealth? AmoCrm,
    IReadOnlyList<AlertEntry> Alerts,
    bool DryRun,
    WebhooksHealth? AmoCrmWebhooks = null);
