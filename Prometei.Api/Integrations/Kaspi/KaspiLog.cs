namespace Prometei.Api.Integrations.Kaspi;

internal static partial class KaspiLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Kaspi refused the window {From}–{To} for state {State} (beyond its look-back limit); read from the limit on")]
    public static partial void WindowRefused(ILogger logger, long from, long to, string state);
}
