using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// Named locks with a lease, visible to operators (<c>GET /ops/locks</c>) and breakable by them (force-unlock). A lease
/// that ran out is taken over by the next caller.
/// </summary>
public sealed class LockStore(NpgsqlDataSource db)
{
    public const string Reconcile = "kaspi-reconcile";
    public const string DailyPurge = "daily-purge";

    public async Task<bool> TryAcquireAsync(string name, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var taken = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO locks (name, owner, acquired_at, expires_at) VALUES (@name, @owner, now(), now() + @leaseSeconds * interval '1 second')
            ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
            WHERE locks.expires_at < now() OR locks.owner = EXCLUDED.owner
            """,
            new { name, owner, leaseSeconds = lease.TotalSeconds },
            cancellationToken: cancellationToken));
        return taken == 1;
    }

    public async Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM locks WHERE name = @name AND owner = @owner", new { name, owner }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<LockEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LockEntry>(new CommandDefinition(
            "SELECT name, owner, acquired_at, expires_at FROM locks ORDER BY name", cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Deletes the named lock, or every lock when <paramref name="name"/> is null; returns how many.</summary>
    public async Task<int> ForceReleaseAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM locks WHERE @name::text IS NULL OR name = @name", new { name }, cancellationToken: cancellationToken));
    }
}
