using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Prometei.Workflows.Persistence;

/// <summary>
/// Runs after the migrations and before Data Protection's own startup: reads (or creates) the key ring under an advisory
/// lock, so nodes starting together create one key between them instead of one each.
/// </summary>
internal sealed class KeyRingStartup(NpgsqlDataSource db, IDataProtectionProvider protection) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('prometei:key-ring', 0))", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            _ = protection.CreateProtector("Prometei.Workflows.Startup").Protect("warm-up");
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended('prometei:key-ring', 0))", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
