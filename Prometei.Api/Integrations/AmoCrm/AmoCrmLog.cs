namespace Prometei.Api.Integrations.AmoCrm;

internal static partial class AmoCrmLog
{
    [LoggerMessage(3001, LogLevel.Information, "amoCRM tokens refreshed: generation {Generation}, expiring {ExpiresAt}")]
    public static partial void TokenRefreshed(ILogger logger, long generation, DateTimeOffset? expiresAt);

    [LoggerMessage(3002, LogLevel.Error, "amoCRM refused the token ({Reason}): amoCRM calls stop until an operator reconnects")]
    public static partial void TokenRevoked(ILogger logger, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "amoCRM token refresh failed and will be retried: {Reason}")]
    public static partial void RefreshFailedTransient(ILogger logger, string reason);

    [LoggerMessage(3004, LogLevel.Information, "amoCRM connected: generation {Generation}")]
    public static partial void Connected(ILogger logger, long generation);

    [LoggerMessage(3005, LogLevel.Error, "amoCRM blocked the account ({Reason}): amoCRM calls stop until an operator resumes them")]
    public static partial void AccountBlocked(ILogger logger, string reason);

    [LoggerMessage(3006, LogLevel.Information, "amoCRM connection seeded from configuration ({Kind})")]
    public static partial void Seeded(ILogger logger, string kind);

    [LoggerMessage(3007, LogLevel.Warning, "amoCRM answered 429 to {Method} {Path}; all processes pause {PauseMs} ms")]
    public static partial void TooManyRequests(ILogger logger, string method, string path, double pauseMs);

    [LoggerMessage(3008, LogLevel.Debug, "amoCRM {Method} {Path} → {Status}")]
    public static partial void Request(ILogger logger, string method, string path, int status);

    [LoggerMessage(3009, LogLevel.Warning, "amoCRM address changed from {Stored} to the configured {Configured}: calls go to the configured one")]
    public static partial void AddressChanged(ILogger logger, string stored, string configured);

    [LoggerMessage(3010, LogLevel.Warning, "amoCRM tokens in configuration differ from those last taken: the stored pair is replaced ({Kind}), generation {Generation}")]
    public static partial void ReplacedFromConfiguration(ILogger logger, string kind, long generation);

    [LoggerMessage(3011, LogLevel.Information, "amoCRM tokens in configuration are the stored ones")]
    public static partial void ConfiguredTokensAdopted(ILogger logger);

    [LoggerMessage(3012, LogLevel.Warning, "amoCRM tokens in configuration are older than the stored pair (generation {Generation}, rotated since): the stored pair is kept. To reconnect, put a new pair (or a long-lived token) in configuration, or exchange a new authorization code")]
    public static partial void ConfiguredTokensOlder(ILogger logger, long generation);
}
