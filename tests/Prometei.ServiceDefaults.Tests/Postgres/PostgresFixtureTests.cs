using Npgsql;
using Prometei.Testing;

namespace Prometei.ServiceDefaults.Tests.Postgres;

[Collection(PostgresFixture.CollectionName)]
public sealed class PostgresFixtureTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CreateDatabaseAsync_CalledTwice_GivesTwoSeparateDatabasesThatAcceptConnections()
    {
        var first = await postgres.Server.CreateDatabaseAsync();
        var second = await postgres.Server.CreateDatabaseAsync();

        Assert.NotEqual(first, second);
        await using (var connection = await OpenAsync(first))
        {
            Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, await ScalarAsync<string>(connection, "SELECT current_database()"));
            await ScalarAsync<int>(connection, "CREATE TABLE only_in_first (id int); SELECT 1");
        }

        await using (var connection = await OpenAsync(second))
        {
            Assert.Equal(new NpgsqlConnectionStringBuilder(second).Database, await ScalarAsync<string>(connection, "SELECT current_database()"));
            Assert.True(await ScalarAsync<bool>(connection, "SELECT to_regclass('only_in_first') IS NULL"));
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_WithName_CreatesThatDatabase()
    {
        var name = "named_" + Guid.NewGuid().ToString("N")[..8];

        var connectionString = await postgres.Server.CreateDatabaseAsync(name);

        Assert.Equal(postgres.Server.ConnectionString(name), connectionString);
        await using var connection = await OpenAsync(connectionString);
        Assert.Equal(name, await ScalarAsync<string>(connection, "SELECT current_database()"));
    }

    [Fact]
    public async Task ConnectionString_ReachesTheServerAsPostgresOnLoopback()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString("postgres"));

        Assert.Equal("127.0.0.1", connectionString.Host);
        Assert.Equal(postgres.Server.Port, connectionString.Port);
        Assert.Equal(PostgresServer.SuperUser, connectionString.Username);
        await using var connection = await OpenAsync(connectionString.ConnectionString);
        Assert.Equal("postgres", await ScalarAsync<string>(connection, "SELECT current_user"));
    }

    [Theory]
    [InlineData("max_connections", "300")]
    [InlineData("fsync", "on")]
    [InlineData("shared_buffers", "128MB")]
    [InlineData("listen_addresses", "127.0.0.1")]
    [InlineData("server_encoding", "UTF8")]
    [InlineData("lc_collate", "C")]
    public async Task Server_Settings_AreTheFixtureDefaults(string setting, string expected)
    {
        await using var connection = await OpenAsync(postgres.Server.ConnectionString("postgres"));

        Assert.Equal(expected, await ScalarAsync<string>(connection, $"SHOW {setting}"));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
