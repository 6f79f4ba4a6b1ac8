using System.Text.Json;
using Dapper;
using Npgsql;

namespace Prometei.Api.Ledger;

/// <summary>Beats: <c>api:{instance}</c> from each Api process, <c>kaspi-poll</c> from each poll of new orders.</summary>
public sealed class Heartbeats(NpgsqlDataSource db)
{
    public const string KaspiPoll = "kaspi-poll";

    /// <summary>The last read of amoCRM's webhook list; its detail is a <c>WebhookCheck</c>.</summary>
    public const string AmoCrmWebhooks = "amocrm-webhooks";

    public static string Instance(string instance) => "api:" + instance;

    public async Task BeatAsync(string name, object? detail, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO heartbeats (name, beat_at, detail) VALUES (@name, now(), @detail::jsonb)
            ON CONFLICT (name) DO UPDATE SET beat_at = EXCLUDED.beat_at, detail = EXCLUDED.detail
            """,
            new { name, detail = detail is null ? null : JsonSerializer.Serialize(detail) },
            cancellationToken: cancellationToken));
    }

    public async Task<Heartbeat?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Heartbeat>(new CommandDefinition(
            "SELECT name, beat_at, detail::text AS detail FROM heartbeats WHERE name = @name", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>The newest beat whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<Heartbeat?> LatestAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Heartbeat>(new CommandDefinition(
            "SELECT name, beat_at, detail::text AS detail FROM heartbeats WHERE name LIKE @prefix || '%' ORDER BY beat_at DESC LIMIT 1",
            new { prefix },
            cancellationToken: cancellationToken));
    }
}
