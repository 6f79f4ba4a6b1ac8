using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;

namespace Prometei.ServiceDefaults.Tests.Migrations;

[Collection(PostgresFixture.CollectionName)]
public sealed class SqlMigratorTests(PostgresFixture postgres) : IAsyncLifetime
{
    // Migrations/Scripts/0001_a.sql and 0002_b.sql, embedded by the test project.
    private static readonly Assembly s_scriptsAssembly = typeof(SqlMigratorTests).Assembly;
    private static readonly string[] s_embeddedIds = ["0001_a", "0002_b"];

    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public void LoadScripts_TestAssembly_FindsTheEmbeddedScriptsByFileName()
    {
        var scripts = SqlMigrator.LoadScripts(s_scriptsAssembly);

        Assert.Equal(s_embeddedIds, scripts.Select(script => script.Id));
        Assert.Contains("CREATE TABLE items", scripts[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesScriptsInOrderAndRecordsThem()
    {
        var applied = await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly, null, null, CancellationToken.None);

        Assert.Equal(2, applied);
        Assert.Equal(s_embeddedIds, await AppliedIdsAsync("public"));
        // 0002_b inserts into the table 0001_a creates, once through a function and once from a DO block.
        Assert.Equal(2L, await ScalarAsync<long>("SELECT item_count()"));
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly);
        var firstAppliedAt = await ScalarAsync<DateTime>("SELECT max(applied_at) FROM __migrations");

        var applied = await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly);

        Assert.Equal(0, applied);
        Assert.Equal(s_embeddedIds, await AppliedIdsAsync("public"));
        Assert.Equal(firstAppliedAt, await ScalarAsync<DateTime>("SELECT max(applied_at) FROM __migrations"));
    }

    [Fact]
    public async Task MigrateAsync_FailingScript_RollsBackThatScriptOnlyAndNamesIt()
    {
        SqlMigrationScript[] scripts =
        [
            new("0001_ok", "CREATE TABLE ok (id int);"),
            new("0002_broken", "CREATE TABLE half_done (id int); SELECT 1 / 0;"),
            new("0003_after", "CREATE TABLE after_broken (id int);"),
        ];

        var failure = await Assert.ThrowsAsync<SqlMigrationException>(() => SqlMigrator.MigrateAsync(_dataSource, scripts));

        Assert.Equal("0002_broken", failure.MigrationId);
        Assert.Contains("0002_broken", failure.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, Assert.IsType<PostgresException>(failure.InnerException).SqlState);
        Assert.Equal(["0001_ok"], await AppliedIdsAsync("public"));
        Assert.True(await TableExistsAsync("ok"));
        Assert.False(await TableExistsAsync("half_done"));
        Assert.False(await TableExistsAsync("after_broken"));

        // Once fixed, the next run picks up where this one stopped.
        scripts[1] = new("0002_broken", "CREATE TABLE half_done (id int);");
        Assert.Equal(2, await SqlMigrator.MigrateAsync(_dataSource, scripts));
        Assert.Equal(["0001_ok", "0002_broken", "0003_after"], await AppliedIdsAsync("public"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task MigrateAsync_InstancesStartedTogether_ApplyEachScriptOnce(int instances)
    {
        // CREATE TABLE without IF NOT EXISTS and an INSERT into a primary key: either fails when run twice.
        // The sleep keeps the first instance busy while the others arrive.
        SqlMigrationScript[] scripts =
        [
            new("0001_create", "CREATE TABLE once (id int PRIMARY KEY); SELECT pg_sleep(0.3);"),
            new("0002_insert", "INSERT INTO once (id) VALUES (1);"),
        ];
        var dataSources = Enumerable.Range(0, instances).Select(_ => NpgsqlDataSource.Create(_connectionString)).ToList();
        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = dataSources
                .Select(dataSource => Task.Run(async () =>
                {
                    await go.Task;
                    return await SqlMigrator.MigrateAsync(dataSource, scripts);
                }))
                .ToList();
            go.SetResult();

            var applied = await Task.WhenAll(runs);

            Assert.Equal([.. Enumerable.Repeat(0, instances - 1), 2], applied.Order());
            Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM once"));
            Assert.Equal(["0001_create", "0002_insert"], await AppliedIdsAsync("public"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_LockHeldElsewhere_WaitsUntilItIsReleased()
    {
        await using var holder = await _dataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock($1)", SqlMigrator.GetLockKey("public"));

        var migration = SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(migration.IsCompleted);
        Assert.False(await TableExistsAsync("items"));

        await ExecuteAsync(holder, "SELECT pg_advisory_unlock($1)", SqlMigrator.GetLockKey("public"));
        Assert.Equal(2, await migration.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task MigrateAsync_CancelledWhileWaitingForTheLock_ThrowsAndLeavesNothingLocked()
    {
        await using var holder = await _dataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock($1)", SqlMigrator.GetLockKey("public"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly, cancellationToken: cancellation.Token));

        await ExecuteAsync(holder, "SELECT pg_advisory_unlock($1)", SqlMigrator.GetLockKey("public"));
        Assert.Equal(2, await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task MigrateAsync_CustomSchema_KeepsHistoryAndTablesInThatSchema()
    {
        var applied = await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly, "svc");

        Assert.Equal(2, applied);
        Assert.Equal(s_embeddedIds, await AppliedIdsAsync("svc"));
        Assert.True(await TableExistsAsync("svc.items"));
        Assert.False(await TableExistsAsync("public.items"));
        Assert.False(await TableExistsAsync("public.__migrations"));

        // Each schema has its own history (and lock), so public is still to be migrated.
        Assert.Equal(2, await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly, "public"));
        Assert.True(await TableExistsAsync("public.items"));
    }

    [Fact]
    public async Task MigrateAsync_ScriptsGivenOutOfOrder_AppliesThemByNumber()
    {
        SqlMigrationScript[] scripts =
        [
            new("10_third", "ALTER TABLE t ADD COLUMN c int;"),
            new("2_second", "ALTER TABLE t ADD COLUMN b int;"),
            new("1_first", "CREATE TABLE t (a int);"),
        ];

        Assert.Equal(3, await SqlMigrator.MigrateAsync(_dataSource, scripts));
        Assert.Equal(["1_first", "2_second", "10_third"], await AppliedIdsAsync("public"));
    }

    [Fact]
    public async Task MigrateAsync_IdWithoutNumber_ThrowsBeforeTouchingTheDatabase()
    {
        SqlMigrationScript[] scripts = [new("initial", "CREATE TABLE t (a int);")];

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SqlMigrator.MigrateAsync(_dataSource, scripts));

        Assert.Contains("initial", failure.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("public.__migrations"));
    }

    [Fact]
    public async Task MigrateAsync_Run_TracesTheRunAndEachScript()
    {
        var database = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SqlMigrator.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await SqlMigrator.MigrateAsync(_dataSource, s_scriptsAssembly);

        var run = Assert.Single(stopped, activity => Equals(activity.GetTagItem("db.namespace"), database));
        Assert.Equal("Migrate database", run.OperationName);
        Assert.Equal(2, run.GetTagItem("prometei.migrations.applied"));
        Assert.Equal(
            s_embeddedIds,
            stopped.Where(activity => activity.ParentSpanId == run.SpanId).Select(activity => activity.GetTagItem("prometei.migrations.id")));
    }

    [Fact]
    public void GetLockKey_SameSchema_IsTheSameInEveryProcessAndVersion()
    {
        // Pinned: instances of two versions of a service (a rolling deploy) must still exclude each other.
        Assert.Equal(SqlMigrator.GetLockKey("public"), SqlMigrator.GetLockKey("public"));
        Assert.Equal(-7_095_328_746_486_321_524, SqlMigrator.GetLockKey("public"));
        Assert.NotEqual(SqlMigrator.GetLockKey("public"), SqlMigrator.GetLockKey("workflows"));
    }

    private async Task<List<string>> AppliedIdsAsync(string schema)
    {
        await using var command = _dataSource.CreateCommand($"SELECT id FROM \"{schema}\".__migrations ORDER BY applied_at, id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<bool> TableExistsAsync(string name)
    {
        await using var command = _dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, long key)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        await command.ExecuteNonQueryAsync();
    }
}
