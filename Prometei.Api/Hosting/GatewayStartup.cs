using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Persistence;

namespace Prometei.Api.Hosting;

/// <summary>
/// Runs after the migrations and before the server listens: makes sure the Data Protection key ring exists (created
/// once under an advisory lock, so processes starting together share one key), then applies the amoCRM configuration to
/// the stored connection (the configured address wins; changed tokens replace the stored pair unless it is newer).
/// </summary>
public sealed class GatewayStartup(NpgsqlDataSource db, IDataProtectionProvider protection, AmoCrmTokenService tokens) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (await AdvisoryLock.AcquireAsync(db, AdvisoryLock.KeyRing, cancellationToken))
        {
            _ = protection.CreateProtector("Prometei.Api.Startup").Protect("warm-up");
        }

        await tokens.ApplyConfigurationAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
