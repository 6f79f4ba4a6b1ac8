using Npgsql;
using Prometei.AppHost.Hosting.Orchestration;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>Creates a database when missing (after its server is healthy); healthy while it accepts connections.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource resource, ResourceRuntime runtime) : IResourceRunner
{
    private const string DuplicateDatabase = "42P04";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Starting();
        var server = await resource.Parent.GetConnectionAsync(cancellationToken);
        server.Pooling = false;
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = resource.DatabaseName } },
        };
        var created = false;
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{resource.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                created = true;
            }
            catch (PostgresException ex) when (ex.SqlState == DuplicateDatabase)
            {
                // Created meanwhile by someone else.
            }
        }

        runtime.Note(created ? $"Created database {resource.DatabaseName}." : $"Database {resource.DatabaseName} exists.");
        runtime.Started(null, $"database {resource.DatabaseName} on {server.Host}:{server.Port}", running: true);
    }

    public Task StopAsync(bool force)
    {
        runtime.MarkStopped();
        return Task.CompletedTask;
    }

    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(await resource.GetConnectionStringAsync(cancellationToken)) { Pooling = false, Timeout = 3 };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return HealthReport.Healthy("connects");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthReport.Unhealthy(ex.Message, answered: ex is PostgresException);
        }
    }
}
