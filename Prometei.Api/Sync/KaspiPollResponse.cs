namespace Prometei.Api.Sync;

/// <summary>
/// What one Kaspi poll did (<c>POST /api/kaspi/orders/poll</c>): the window read (<see cref="From"/> is the watermark minus the
/// overlap), the orders found in the allowed states, those the ledger already held, those new this time and what the sync made
/// of them, and the watermark before and after (epoch ms). Counts only: no customer data.
/// </summary>
public sealed record KaspiPollResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int Found,
    int AlreadyProcessed,
    int New,
    int Created,
    int ContactsCreated,
    int AlreadySynced,
    int InProgress,
    int Failed,
    long? Watermark,
    long NextWatermark,
    bool DryRun);
