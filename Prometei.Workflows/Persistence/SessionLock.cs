using Npgsql;

namespace Prometei.Workflows.Persistence;

/// <summary>A PostgreSQL session advisory lock held on its own connection until disposed (one importer, one key-ring maker at a time).</summary>
public sealed class SessionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _name;

    private SessionLock(NpgsqlConnection connection, string name)
    {
        _connection = connection;
        _name = name;
    }

    public static async Task<SessionLock> AcquireAsync(NpgsqlDataSource dataSource, string name, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", connection);
            cmd.Parameters.Add(new NpgsqlParameter { Value = name });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            return new SessionLock(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", _connection);
            cmd.Parameters.Add(new NpgsqlParameter { Value = _name });
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
