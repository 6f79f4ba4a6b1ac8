using Prometei.Api.Capabilities;
using Prometei.Api.Ledger;

namespace Prometei.Api.Operations;

/// <summary>
/// The operations health document (<c>GET /health</c> with Basic auth). <see cref="Status"/>: <c>Healthy</c>;
/// <c>Degraded</c> (the Kaspi poll is older than the threshold, errors today, amoCRM switched our webhook off, or a configured
/// vendor refuses our credentials or is failing); <c>Unhealthy</c> (the database is unreachable, or amoCRM is configured and
/// its calls are stopped: token revoked, account blocked, never connected). <see cref="Vendors"/>: each vendor's state;
/// <see cref="Flows"/>: which flows configuration has on, and why the others are off.
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
    WebhooksHealth? AmoCrmWebhooks = null,
    IReadOnlyList<VendorState>? Vendors = null,
    IReadOnlyList<FlowState>? Flows = null);
