namespace Prometei.Api.Integrations.Kaspi;

internal static partial class KaspiLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Kaspi refused the window {From}–{To} for state {State} (beyond its look-back limit); read from the limit on")]
    public static partial void WindowRefused(ILogger logger, long from, long to, string state);

    [LoggerMessage(4002, LogLevel.Warning, "Kaspi did not answer the orders of {From}–{To} in state {State} ({Reason}); the pages read are used and the watermark stays before the window")]
    public static partial void ReadFailed(ILogger logger, long from, long to, string state, string reason);

    [LoggerMessage(4003, LogLevel.Warning, "Kaspi did not give the line items of {Count} orders ({Reason}); they are tried again later")]
    public static partial void EntriesFailed(ILogger logger, int count, string reason);
}
