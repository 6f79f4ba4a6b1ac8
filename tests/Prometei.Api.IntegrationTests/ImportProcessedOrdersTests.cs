using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// Cutover from the old integrator: its <c>processed_orders</c> (SQLite file or PostgreSQL table, the schema README assumes)
/// imported by <c>import-processed-orders</c>; the first <c>poll</c> then makes leads only for orders it had not finished.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ImportProcessedOrdersTests(PostgresFixture postgres)
{
    // Done by the old integrator (two with a lead id), one it failed, and one it never saw.
    private static readonly string[] s_done = ["940000001", "940000002", "940000003"];
    private const string FailedCode = "940000004";
    private const string NewCode = "940000005";

    [Fact]
    public async Task FromSqlite_ImportedOrdersAreNotCreatedAgain_AndTheCountsMatch()
    {
        var file = Path.Combine(Path.GetTempPath(), $"old-integrator-{Guid.NewGuid():N}.sqlite");
        try
        {
            await using (var old = new SqliteConnection($"Data Source={file}"))
            {
                await old.OpenAsync();
                await ExecuteAsync(old, """
                    CREATE TABLE processed_orders (order_code TEXT PRIMARY KEY, lead_id INTEGER, status TEXT, processed_at TEXT);
                    CREATE TABLE error_log (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT, order_code TEXT, message TEXT);
                    INSERT INTO processed_orders VALUES ('940000001', 31000001, 'done', '2026-11-30T10:00:00Z');
                    INSERT INTO processed_orders VALUES ('940000002', 31000002, 'done', '2026-11-30T10:05:00Z');
                    INSERT INTO processed_orders VALUES ('940000003', NULL, 'done', '2026-11-30T10:10:00Z');
                    INSERT INTO processed_orders VALUES ('940000004', NULL, 'failed', '2026-11-30T10:15:00Z');
                    INSERT INTO error_log (created_at, order_code, message) VALUES ('2026-11-30T10:15:00Z', '940000004', 'amoCRM 400: validation');
                    INSERT INTO error_log (created_at, order_code, message) VALUES ('2026-11-30T11:00:00Z', NULL, 'Kaspi timeout');
                    """);
            }

            SqliteConnection.ClearAllPools();
            await ImportThenPollAsync(["import-processed-orders", "--sqlite", file], "sqlite");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task FromPostgres_ImportedOrdersAreNotCreatedAgain_AndTheCountsMatch()
    {
        var oldDatabase = await postgres.Server.CreateDatabaseAsync();
        await using (var old = new NpgsqlConnection(oldDatabase))
        {
            await old.OpenAsync();
            await ExecuteAsync(old, """
                CREATE TABLE processed_orders (kaspi_code text PRIMARY KEY, amo_lead_id bigint, state text, created_at timestamptz);
                CREATE TABLE error_log (id serial PRIMARY KEY, occurred_at timestamptz, kaspi_code text, error text);
                INSERT INTO processed_orders VALUES ('940000001', 31000001, 'synced', '2026-11-30T10:00:00Z');
                INSERT INTO processed_orders VALUES ('940000002', 31000002, 'synced', '2026-11-30T10:05:00Z');
                INSERT INTO processed_orders VALUES ('940000003', NULL, NULL, '2026-11-30T10:10:00Z');
                INSERT INTO processed_orders VALUES ('940000004', NULL, 'failed', '2026-11-30T10:15:00Z');
                INSERT INTO error_log (occurred_at, kaspi_code, error) VALUES ('2026-11-30T10:15:00Z', '940000004', 'amoCRM 400: validation');
                INSERT INTO error_log (occurred_at, kaspi_code, error) VALUES ('2026-11-30T11:00:00Z', NULL, 'Kaspi timeout');
                """);
        }

        await ImportThenPollAsync(["import-processed-orders", "--postgres", oldDatabase], "postgresql");
    }

    private async Task ImportThenPollAsync(string[] import, string source)
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var environment = world.Environment();
        var control = world.Control;
        foreach (var (code, i) in s_done.Append(FailedCode).Append(NewCode).Select((c, i) => (c, i)))
        {
            await control.AddOrderAsync(code, "70155500" + i.ToString("00", CultureInfo.InvariantCulture), created: DateTimeOffset.UtcNow.AddHours(-3 + (i * 0.1)));
        }

        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Count;

        var imported = await CliRunner.RunAsync(environment, import);
        Assert.True(imported.ExitCode == 0, imported.Error);
        var counts = JsonNode.Parse(imported.Output)!;
        Assert.Equal(source, counts["source"]!.GetValue<string>());
        Assert.Equal(4, counts["ordersRead"]!.GetValue<int>());
        Assert.Equal(3, counts["ordersImported"]!.GetValue<int>());
        Assert.Equal(0, counts["ordersAlreadyInLedger"]!.GetValue<int>());
        Assert.Equal(1, counts["ordersSkipped"]!.GetValue<int>());
        Assert.Equal(2, counts["errorsRead"]!.GetValue<int>());
        Assert.Equal(2, counts["errorsImported"]!.GetValue<int>());
        Assert.Equal(3, await world.ScalarAsync("SELECT count(*) FROM processed_orders WHERE state = 'synced'"));
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM error_log WHERE source = 'old-integrator'"));

        // The printed counts match the ledger on a rerun too: nothing is imported twice.
        var again = JsonNode.Parse((await CliRunner.RunAsync(environment, import)).Output)!;
        Assert.Equal(0, again["ordersImported"]!.GetValue<int>());
        Assert.Equal(3, again["ordersAlreadyInLedger"]!.GetValue<int>());
        Assert.Equal(0, again["errorsImported"]!.GetValue<int>());

        // The first poll makes leads only for the order the old integrator failed and the one it never saw.
        var poll = await CliRunner.RunAsync(environment, ["poll", "--since", DateTimeOffset.UtcNow.AddDays(-1).ToString("O", CultureInfo.InvariantCulture)]);
        Assert.True(poll.ExitCode == 0, poll.Error);
        var result = JsonNode.Parse(poll.Output)!;
        Assert.Equal(2, result["created"]!.GetValue<int>());
        var leads = (await control.GetAmoCrmLeadsAsync()).Skip(leadsBefore).Select(l => l.Name).ToList();
        Assert.Equal(2, leads.Count);
        Assert.Contains(leads, n => n.Contains(FailedCode, StringComparison.Ordinal));
        Assert.Contains(leads, n => n.Contains(NewCode, StringComparison.Ordinal));
        Assert.All(s_done, code => Assert.DoesNotContain(leads, n => n.Contains(code, StringComparison.Ordinal)));
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
