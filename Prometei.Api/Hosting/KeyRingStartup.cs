using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Prometei.Api.Persistence;

namespace Prometei.Api.Hosting;

/// <summary>
/// Runs after the migrations and before Data Protection's own startup: reads (or creates) the key ring under an advisory
/// lock, so processes starting together create one key between them instead of one each.
/// </summary>
internal sealed class KeyRingStartup(NpgsqlDataSource db, IDataProtectionProvider protection) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (await AdvisoryLock.AcquireAsync(db, AdvisoryLock.KeyRing, cancellationToken))
        {
            _ = protection.CreateProtector("Prometei.Api.Startup").Protect("warm-up");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
