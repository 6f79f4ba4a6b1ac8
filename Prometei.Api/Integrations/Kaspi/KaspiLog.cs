namespace Prometei.Api.Integrations.Kaspi;

internal static partial class KaspiLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Kaspi refused the window {From}–{To} for state {State} (older than its look-back limit); skipped")]
    public static partial void WindowRefused(ILogger logger, long from, long to, string state);
}
