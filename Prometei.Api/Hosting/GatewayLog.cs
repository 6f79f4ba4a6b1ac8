namespace Prometei.Api.Hosting;

internal static partial class GatewayLog
{
    [LoggerMessage(7020, LogLevel.Error, "amoCRM has switched the webhook {Destination} off")]
    public static partial void WebhookDisabled(ILogger logger, string destination);

    [LoggerMessage(7001, LogLevel.Error, "Unexpected failure of {Method} {Path}")]
    public static partial void Unexpected(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(7002, LogLevel.Warning, "{Method} {Path} answered {Status}: {Detail}")]
    public static partial void VendorFailed(ILogger logger, string method, string path, int status, string detail);

    [LoggerMessage(7006, LogLevel.Information, "{Method} {Path} answered 503 busy: {Detail}")]
    public static partial void Busy(ILogger logger, string method, string path, string detail);

    [LoggerMessage(7003, LogLevel.Information, "Daily purge: {Errors} error log entries and {Records} idempotency records removed")]
    public static partial void Purged(ILogger logger, int errors, int records);

    [LoggerMessage(7004, LogLevel.Warning, "Maintenance step {Step} failed: {Reason}")]
    public static partial void MaintenanceFailed(ILogger logger, string step, string reason);

    [LoggerMessage(7005, LogLevel.Information, "Prometei.Api {Instance} started (DRY_RUN: {DryRun})")]
    public static partial void Started(ILogger logger, string instance, bool dryRun);
}
