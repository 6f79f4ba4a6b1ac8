using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Prometei.Api.Hosting;

/// <summary>Readiness: the integration database answers.</summary>
public sealed class IntegrationDatabaseHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("The integration database does not answer.", ex);
        }
    }
}
