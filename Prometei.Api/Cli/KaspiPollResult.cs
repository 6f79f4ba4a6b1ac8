namespace Prometei.Api.Cli;

/// <summary>What <c>poll</c> prints: the window, the counts, the watermark stored (null in a dry run) and each order's outcome.</summary>
public sealed record KaspiPollResult(
    bool DryRun, DateTimeOffset From, DateTimeOffset To, int Found, int AlreadyProcessed, int Created, int InProgress, int Failed, long? Watermark,
    IReadOnlyList<KaspiPollOrder> Orders);
