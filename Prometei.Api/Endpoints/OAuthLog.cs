namespace Prometei.Api.Endpoints;

internal static partial class OAuthLog
{
    [LoggerMessage(6101, LogLevel.Warning, "amoCRM consent came from account {Host}, not the configured AMO_BASE_URL; the configured account is used")]
    public static partial void OtherAccount(ILogger logger, string host);
}
