namespace Prometei.Api.Sync;

/// <summary>
/// What one Kaspi poll did (<c>POST /api/kaspi/orders/poll</c>): the window read (<see cref="From"/> is the watermark minus the
/// overlap), the orders found in the allowed states, those the ledger already held, those new this time and what the sync made
/// of them, the watermark before and after (epoch ms), and the new orders left for the next batch (<see cref="Left"/>; when
/// above zero the caller polls again at once), and the reads Kaspi did not answer (<see cref="Unread"/>; the orders of the
/// others were synced, the watermark stayed). Counts only: no customer data.
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
    bool DryRun,
    int Left = 0,
    int Unread = 0)
{
    /// <summary>Whether new orders were left for the next batch.</summary>
    public bool More => Left > 0;
}
