using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Prometei.Testing;

namespace Prometei.ServiceDefaults.Tests.Postgres;

/// <summary>Servers of their own, started and stopped by each test (not the collection's shared one).</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task StopAsync_RunningServer_StopsPostgresAndDeletesItsFolder()
    {
        var server = await PostgresServer.StartAsync();
        var postmaster = ReadPostmasterPid(server.DataDirectory);
        var connectionString = server.ConnectionString("postgres");
        Assert.True(server.IsRunning);
        Assert.True(IsRunning(postmaster));

        await server.StopAsync();

        Assert.False(server.IsRunning);
        Assert.False(IsRunning(postmaster));
        Assert.False(Directory.Exists(server.WorkFolder));
        await using var connection = new NpgsqlConnection(connectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        await server.StopAsync(); // a second stop does nothing
    }

    [Fact]
    public async Task StartAsync_DataDirectoryGiven_KeepsTheDataForTheNextServer()
    {
        var dataDirectory = NewDataDirectoryPath();
        try
        {
            await using (var first = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = dataDirectory }))
            {
                var connectionString = await first.CreateDatabaseAsync("kept");
                await ExecuteAsync(connectionString, "CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)");
            }

            Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));
            await using var second = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = dataDirectory });
            Assert.Equal(42, await ScalarAsync<int>(second.ConnectionString("kept"), "SELECT id FROM survivor"));
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task StopAsync_DataDirectoryWithKeepDataFalse_DeletesIt()
    {
        var dataDirectory = NewDataDirectoryPath();
        var server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = dataDirectory, KeepData = false });
        Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));

        await server.StopAsync();

        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task RestartAsync_RunningServer_KeepsPortAndData()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            Settings = { ["work_mem"] = "8MB" },
        });
        var connectionString = await server.CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (7)");
        var port = server.Port;

        await server.RestartAsync();

        Assert.Equal(port, server.Port);
        Assert.Equal(7, await ScalarAsync<int>(connectionString, "SELECT id FROM survivor"));
        Assert.Equal("8MB", await ScalarAsync<string>(connectionString, "SHOW work_mem"));
    }

    [Fact]
    public async Task StartAsync_BinDirectoryWithoutPrograms_ThrowsSayingHowToInstall()
    {
        var empty = Directory.CreateTempSubdirectory("prometei-no-pg-");
        try
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(
                () => PostgresServer.StartAsync(new PostgresServerOptions { BinDirectory = empty.FullName }));

            Assert.Contains("apt-get install -y postgresql", failure.Message, StringComparison.Ordinal);
            Assert.Contains("PG_BIN", failure.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public async Task StartAsync_ServerOfADeadProcessLeftBehind_StopsAndDeletesIt()
    {
        var orphan = await PostgresServer.StartAsync();
        var orphanPostmaster = ReadPostmasterPid(orphan.DataDirectory);
        // Pretend its owner was killed before it could clean up: no process has this id.
        await File.WriteAllTextAsync(Path.Combine(orphan.WorkFolder, "owner.pid"), int.MaxValue.ToString(CultureInfo.InvariantCulture));

        await using (await PostgresServer.StartAsync())
        {
            Assert.False(IsRunning(orphanPostmaster));
            Assert.False(Directory.Exists(orphan.WorkFolder));
        }

        await orphan.StopAsync(); // already gone: nothing to do, no error
    }

    private static string NewDataDirectoryPath() =>
        // Not under the current user's temp folder: as root the postgres user must be able to reach it.
        Path.Combine(OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp", "prometei-data-" + Guid.NewGuid().ToString("N")[..8]);

    private static int ReadPostmasterPid(string dataDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A stopped postmaster may linger as a zombie until PID 1 reaps it: "pid (postgres) Z ...".
            return !process.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
