using System.Text.Json.Nodes;

namespace Prometei.Api.Sync;

/// <summary>The answer of <c>POST /api/kaspi/orders/sync</c>; under DRY_RUN, <see cref="WouldWrite"/> holds the requests not sent.</summary>
public sealed record SyncResponse(
    bool DryRun,
    int Created,
    int ContactsCreated,
    int AlreadyProcessed,
    int InProgress,
    int Failed,
    IReadOnlyList<SyncOrderResult> Orders,
    JsonArray? WouldWrite);
