using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// Vendor outages across processes: a failure starts one (first failure with no success after it), a success ends it.
/// Each process writes only when what it last saw of a vendor flips, so a busy vendor costs no write per call.
/// </summary>
public sealed class VendorHealthStore(NpgsqlDataSource db)
{
    /// <summary>What this process last saw of each vendor (true: failing), so that only flips are written.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> LastSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>Records a failure; starts the outage when none is running.</summary>
    public async Task FailedAsync(string vendor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vendor_health (vendor, failing_since, last_failure_at) VALUES (@vendor, now(), now())
            ON CONFLICT (vendor) DO UPDATE SET failing_since = coalesce(vendor_health.failing_since, now()), last_failure_at = now()
            """,
            new { vendor },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records a success and ends the outage; true for the one caller that ends an outage whose alert went out.</summary>
    public async Task<bool> SucceededAsync(string vendor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            """
            WITH old AS (SELECT vendor, outage_alerted FROM vendor_health WHERE vendor = @vendor FOR UPDATE)
            UPDATE vendor_health v SET failing_since = NULL, outage_alerted = false, last_success_at = now()
            FROM old WHERE v.vendor = old.vendor
            RETURNING old.outage_alerted
            """,
            new { vendor },
            cancellationToken: cancellationToken)) == true;
    }

    /// <summary>Vendors failing since longer than <paramref name="threshold"/> whose alert has not gone out; each is returned to one caller.</summary>
    public async Task<IReadOnlyList<(string Vendor, DateTime FailingSince)>> TakeOutagesToAlertAsync(TimeSpan threshold, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, DateTime)>(new CommandDefinition(
            """
            UPDATE vendor_health SET outage_alerted = true
            WHERE failing_since IS NOT NULL AND NOT outage_alerted AND failing_since < now() - @threshold
            RETURNING vendor, failing_since
            """,
            new { threshold },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }
}
