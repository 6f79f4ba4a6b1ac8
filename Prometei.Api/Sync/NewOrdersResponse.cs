using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Sync;

/// <summary>
/// New Kaspi orders: those created in [<see cref="From"/>, <see cref="To"/>] (the watermark minus the overlap, up to now)
/// in the allowed states and not processed yet, with their entries. <see cref="Watermark"/> (epoch ms) is what to pass
/// as <c>since</c> next time. When a limit held some new orders back, <see cref="Left"/> counts them and
/// <see cref="OldestLeft"/> is the oldest one's creation date (epoch ms), so the watermark can stop before it; <see cref="Held"/>
/// counts the new orders left out because a live sync holds them (they hold the watermark back too). <see cref="Unread"/>
/// counts the reads (window and state) Kaspi did not answer: orders may be missing, so <see cref="Watermark"/> does not move.
/// </summary>
public sealed record NewOrdersResponse(
    IReadOnlyList<KaspiOrder> Orders, int Found, int AlreadyProcessed, DateTimeOffset From, DateTimeOffset To, long Watermark, int Left = 0, long? OldestLeft = null,
    int Held = 0, int Unread = 0);
