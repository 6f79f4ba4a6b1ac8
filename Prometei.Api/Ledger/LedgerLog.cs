namespace Prometei.Api.Ledger;

internal static partial class LedgerLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Could not write to the error log")]
    public static partial void ErrorLogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(1002, LogLevel.Warning, "Could not count {Metric} in the daily stats")]
    public static partial void StatsWriteFailed(ILogger logger, string metric, Exception exception);
}
