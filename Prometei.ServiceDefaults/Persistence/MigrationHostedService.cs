using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Prometei.ServiceDefaults.Persistence;

/// <summary>
/// Migrates the database while the host starts: <see cref="StartAsync"/> returns only once the scripts are applied, so
/// the web server, which the host starts after the hosted services registered on the builder, serves no request before
/// the schema exists. A failed migration stops the host from starting.
/// </summary>
/// <remarks>Register it with <see cref="SqlMigrationExtensions.AddSqlMigrations"/>.</remarks>
public sealed class MigrationHostedService(
    IConfiguration configuration,
    ILoggerFactory loggerFactory,
    Assembly assembly,
    string connectionStringName,
    string? schema = null) : IHostedService
{
    /// <summary>Reads the connection string and applies the pending scripts.</summary>
    /// <exception cref="InvalidOperationException">The connection string is not configured.</exception>
    /// <exception cref="SqlMigrationException">A script failed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString(connectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The connection string '{connectionStringName}' is not configured: set the environment variable " +
                $"ConnectionStrings__{connectionStringName} (configuration key ConnectionStrings:{connectionStringName}).");
        }

        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).Build();
        await SqlMigrator.MigrateAsync(dataSource, assembly, schema, loggerFactory.CreateLogger(typeof(SqlMigrator)), cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
