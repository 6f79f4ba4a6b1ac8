using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>Named numeric watermarks (the contact index's last <c>updated_at</c>, its last run).</summary>
public sealed class WatermarkStore(NpgsqlDataSource db)
{
    public const string ContactsUpdatedAt = "amocrm.contacts.updated_at";

    public async Task<Watermark?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Watermark>(new CommandDefinition(
            "SELECT value, updated_at FROM sync_watermarks WHERE name = @name", new { name }, cancellationToken: cancellationToken));
    }

    public async Task SetAsync(string name, long value, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sync_watermarks (name, value, updated_at) VALUES (@name, @value, now())
            ON CONFLICT (name) DO UPDATE SET value = GREATEST(sync_watermarks.value, EXCLUDED.value), updated_at = now()
            """,
            new { name, value },
            cancellationToken: cancellationToken));
    }
}
