using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// Idempotency records: (scope, key) → hash of the canonical request body and the stored answer. The first request
/// inserts an in-progress record with a lease; a repeat gets the stored answer, a different body a conflict, and a
/// repeat while the first still runs "in progress". The running request renews its lease (<see cref="RenewAsync"/>), so a
/// lease that ran out means its process died, and a repeat takes the record over.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource db)
{
    public async Task<IdempotencyBegin> BeginAsync(string scope, string key, string requestHash, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency_records (scope, key, request_hash, state, locked_until)
            VALUES (@scope, @key, @requestHash, 'in_progress', now() + @leaseSeconds * interval '1 second')
            ON CONFLICT (scope, key) DO NOTHING
            """,
            new { scope, key, requestHash, leaseSeconds = lease.TotalSeconds },
            cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            return IdempotencyBegin.Started;
        }

        var record = await connection.QuerySingleOrDefaultAsync<StoredRecord>(new CommandDefinition(
            """
            SELECT request_hash, state, status_code, response, (locked_until < now()) AS expired,
                   GREATEST(extract(epoch FROM locked_until - now()), 0)::float8 AS lease_left_seconds
            FROM idempotency_records WHERE scope = @scope AND key = @key
            """,
            new { scope, key },
            cancellationToken: cancellationToken));
        if (record is null)
        {
            // Abandoned between the insert and the read: start over once.
            return await BeginAsync(scope, key, requestHash, lease, cancellationToken);
        }

        if (!string.Equals(record.RequestHash, requestHash, StringComparison.Ordinal))
        {
            return IdempotencyBegin.Conflict;
        }

        if (record.State == "completed")
        {
            return IdempotencyBegin.Replay(record.StatusCode ?? 200, record.Response);
        }

        if (record.Expired == true)
        {
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE idempotency_records SET locked_until = now() + @leaseSeconds * interval '1 second'
                WHERE scope = @scope AND key = @key AND state = 'in_progress' AND locked_until < now()
                """,
                new { scope, key, leaseSeconds = lease.TotalSeconds },
                cancellationToken: cancellationToken));
            if (taken == 1)
            {
                return IdempotencyBegin.Started;
            }
        }

        return IdempotencyBegin.InProgress(TimeSpan.FromSeconds(record.LeaseLeftSeconds ?? 0));
    }

    /// <summary>Extends a running request's lease; false if the record is no longer in progress.</summary>
    public async Task<bool> RenewAsync(string scope, string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE idempotency_records SET locked_until = now() + @leaseSeconds * interval '1 second'
            WHERE scope = @scope AND key = @key AND state = 'in_progress'
            """,
            new { scope, key, leaseSeconds = lease.TotalSeconds },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task CompleteAsync(string scope, string key, int statusCode, string responseJson, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH prepared AS (DELETE FROM idempotency_prepared WHERE scope = @scope AND key = @key)
            UPDATE idempotency_records
            SET state = 'completed', status_code = @statusCode, response = @responseJson, completed_at = now(), locked_until = NULL
            WHERE scope = @scope AND key = @key
            """,
            new { scope, key, statusCode, responseJson },
            cancellationToken: CancellationToken.None));
    }

    /// <summary>Forgets an in-progress record whose request failed without a storable answer, so a retry runs again.</summary>
    public async Task AbandonAsync(string scope, string key)
    {
        await using var connection = await db.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_records WHERE scope = @scope AND key = @key AND state = 'in_progress'", new { scope, key }));
    }

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH prepared AS (DELETE FROM idempotency_prepared WHERE created_at < @olderThan)
            DELETE FROM idempotency_records WHERE created_at < @olderThan AND state = 'completed'
            """,
            new { olderThan },
            cancellationToken: cancellationToken));
    }

    private sealed record StoredRecord(string RequestHash, string State, int? StatusCode, string? Response, bool? Expired, double? LeaseLeftSeconds);
}
