using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>
/// Documents an effect prepared from what it read, kept per idempotency key (and request) until the effect's answer is
/// stored (<see cref="IdempotencyStore.CompleteAsync"/> deletes them): a retry of a failed vendor write sends what the first
/// attempt prepared, byte for byte, and reads nothing again.
/// </summary>
public sealed class PreparedDocuments(NpgsqlDataSource db)
{
    /// <summary>What an earlier attempt of the same request under <paramref name="key"/> prepared, or null.</summary>
    public async Task<JsonObject?> FindAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var text = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document::text FROM idempotency_prepared WHERE scope = @scope AND key = @key AND request_hash = @requestHash",
            new { scope, key, requestHash },
            cancellationToken: cancellationToken));
        return text is null ? null : JsonNode.Parse(text) as JsonObject;
    }

    /// <summary>Keeps <paramref name="document"/> for the retries of this request (replacing one kept for another body).</summary>
    public async Task SaveAsync(string scope, string key, string requestHash, JsonObject document, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency_prepared (scope, key, request_hash, document) VALUES (@scope, @key, @requestHash, @document::jsonb)
            ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, document = excluded.document, created_at = now()
            """,
            new { scope, key, requestHash, document = document.ToJsonString() },
            cancellationToken: cancellationToken));
    }
}
