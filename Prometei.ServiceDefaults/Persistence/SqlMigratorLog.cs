using Microsoft.Extensions.Logging;

namespace Prometei.ServiceDefaults.Persistence;

internal static partial class SqlMigratorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Migrating database {Database}, schema {Schema}: {ScriptCount} scripts known")]
    public static partial void Starting(ILogger logger, string database, string schema, int scriptCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Waiting for the migration lock on database {Database}, schema {Schema}: another instance is migrating")]
    public static partial void WaitingForLock(ILogger logger, string database, string schema);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Applying migration {MigrationId}")]
    public static partial void Applying(ILogger logger, string migrationId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Applied migration {MigrationId} in {ElapsedMilliseconds} ms")]
    public static partial void Applied(ILogger logger, string migrationId, long elapsedMilliseconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Database {Database}, schema {Schema} is up to date")]
    public static partial void UpToDate(ILogger logger, string database, string schema);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "Applied {AppliedCount} migrations to database {Database}, schema {Schema} in {ElapsedMilliseconds} ms")]
    public static partial void Finished(ILogger logger, int appliedCount, string database, string schema, long elapsedMilliseconds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Migration {MigrationId} failed and was rolled back")]
    public static partial void Failed(ILogger logger, Exception exception, string migrationId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "Migration {MigrationId} is applied after {LatestAppliedId}, which has a higher number")]
    public static partial void OutOfOrder(ILogger logger, string migrationId, string latestAppliedId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Could not release the migration lock; closing the connection releases it")]
    public static partial void UnlockFailed(ILogger logger, Exception exception);
}
