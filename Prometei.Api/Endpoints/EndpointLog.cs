namespace Prometei.Api.Endpoints;

internal static partial class EndpointLog
{
    [LoggerMessage(6001, LogLevel.Warning, "Rejected {Method} {Path} with {Status}: {Reason}")]
    public static partial void Rejected(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(6002, LogLevel.Information, "Idempotent replay of {Scope} (stored {Status})")]
    public static partial void Replayed(ILogger logger, string scope, int status);

    [LoggerMessage(6003, LogLevel.Warning, "Refused {Method} {Path}: credentials missing or wrong")]
    public static partial void Unauthorized(ILogger logger, string method, string path);

    [LoggerMessage(6004, LogLevel.Warning, "Could not renew the lease of a running {Scope} request ({Error}); retrying")]
    public static partial void LeaseNotRenewed(ILogger logger, string scope, string error);

    [LoggerMessage(6005, LogLevel.Warning, "A {Scope} effect is done but the ledger's database cannot record it ({Error}); holding its answer until it can")]
    public static partial void RecordWaiting(ILogger logger, string scope, string error);
}
