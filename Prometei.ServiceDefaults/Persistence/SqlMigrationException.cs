namespace Prometei.ServiceDefaults.Persistence;

/// <summary>A migration script failed; its transaction was rolled back and the scripts after it were not run.</summary>
public sealed class SqlMigrationException : Exception
{
    public SqlMigrationException(string migrationId, Exception innerException)
        : base($"Migration {migrationId} failed and was rolled back: {innerException?.Message}", innerException)
    {
        MigrationId = migrationId;
    }

    /// <summary>The id of the script that failed, e.g. <c>0002_add_orders</c>.</summary>
    public string MigrationId { get; }
}
