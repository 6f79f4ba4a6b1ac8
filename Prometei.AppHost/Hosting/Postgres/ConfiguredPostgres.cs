using Npgsql;

namespace Prometei.AppHost.Hosting.Postgres;

/// <summary>
/// A server the user runs, named by the connection string <c>ConnectionStrings:postgres</c> (its user must be allowed to
/// create databases). The AppHost neither starts nor stops it.
/// </summary>
internal sealed class ConfiguredPostgres : IPostgresInstance
{
    public const string ConnectionStringName = "postgres";

    private ConfiguredPostgres(NpgsqlConnectionStringBuilder connection) => Connection = connection;

    public string Description => $"configured server {Connection.Host}:{Connection.Port} (ConnectionStrings__{ConnectionStringName})";

    public NpgsqlConnectionStringBuilder Connection { get; }

    public int? ProcessId => null;

    public bool CanBeControlled => false;

    public bool? IsRunning => null;

    /// <exception cref="PostgresUnavailableException">Not configured, or not a connection string.</exception>
    public static ConfiguredPostgres Create(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new PostgresUnavailableException($"ConnectionStrings__{ConnectionStringName} is not set");
        }

        try
        {
            var connection = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(connection.Database))
            {
                connection.Database = "postgres";
            }

            return new ConfiguredPostgres(connection);
        }
        catch (ArgumentException ex)
        {
            throw new PostgresUnavailableException($"ConnectionStrings__{ConnectionStringName} is not a valid connection string ({ex.Message})", ex);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(Connection.ConnectionString) { Pooling = false, Timeout = 10 };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new PostgresUnavailableException($"ConnectionStrings__{ConnectionStringName} is set, but {Connection.Host}:{Connection.Port} refused: {ex.Message}", ex);
        }
    }

    public Task StopAsync(bool force) => Task.CompletedTask;
}
