namespace Prometei.Api.Integrations.Alerts;

internal static partial class AlertLog
{
    [LoggerMessage(2001, LogLevel.Warning, "Alert {Condition} raised; sent to {Channels}")]
    public static partial void Raised(ILogger logger, string condition, string channels);

    [LoggerMessage(2002, LogLevel.Information, "Alert {Condition} suppressed: one was sent within the period")]
    public static partial void Suppressed(ILogger logger, string condition);

    [LoggerMessage(2003, LogLevel.Error, "Alert channel {Channel} failed for {Condition}: {Reason}")]
    public static partial void ChannelFailed(ILogger logger, string channel, string condition, string reason);
}
