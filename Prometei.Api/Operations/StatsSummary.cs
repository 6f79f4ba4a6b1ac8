namespace Prometei.Api.Operations;

/// <summary>Counters for today and the last 7 days (Asia/Almaty days), per day, and the ledger's order states.</summary>
public sealed record StatsSummary(
    DateOnly Today,
    IReadOnlyDictionary<string, long> TodayTotals,
    IReadOnlyDictionary<string, long> Last7Days,
    IReadOnlyDictionary<string, Dictionary<string, long>> Days,
    IReadOnlyDictionary<string, long> Orders);
