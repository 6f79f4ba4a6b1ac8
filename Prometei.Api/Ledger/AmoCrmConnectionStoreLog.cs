namespace Prometei.Api.Ledger;

internal static partial class AmoCrmConnectionStoreLog
{
    [LoggerMessage(1101, LogLevel.Error, "A stored amoCRM token cannot be decrypted ({Reason}): reconnect amoCRM")]
    public static partial void CannotDecrypt(ILogger logger, string reason);
}
