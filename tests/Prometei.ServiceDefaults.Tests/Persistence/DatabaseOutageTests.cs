using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Testing;

namespace Prometei.ServiceDefaults.Tests.Persistence;

/// <summary>
/// <see cref="DatabaseOutage"/> against a real server of the test's own, taken down and brought back: what counts as the
/// database being unreachable (and what does not), and an outage logged once when it starts and once when it ends.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task ServerDownThenBack_FailuresLoggedOnceAsWarning_RecoveryOnce_StatementErrorsAreNotOutages()
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = server.ConnectionString("postgres");
        var statementError = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connectionString, "SELEKT 1"));
        Assert.False(DatabaseOutage.IsUnavailable(statementError));

        await using (var held = new NpgsqlConnection(connectionString))
        {
            await held.OpenAsync();
            await server.ShutDownAsync();
            var dropped = await Assert.ThrowsAnyAsync<NpgsqlException>(() => new NpgsqlCommand("SELECT 1", held).ExecuteScalarAsync());
            Assert.True(DatabaseOutage.IsUnavailable(dropped), dropped.GetType().Name + ": " + dropped.Message);
        }

        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));
        Assert.True(DatabaseOutage.IsUnavailable(refused), refused.GetType().Name + ": " + refused.Message);

        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        var outage = new DatabaseOutage(time, logger);
        outage.Answered(); // nothing to say before any failure
        for (var i = 0; i < 30; i++)
        {
            outage.Failed("the queue's claim", refused);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(outage.IsDown);
        await server.StartAgainAsync();
        Assert.Equal(1, await ExecuteAsync(connectionString, "SELECT 1"));
        outage.Answered();
        outage.Answered();

        Assert.False(outage.IsDown);
        Assert.Equal([LogLevel.Warning, LogLevel.Information], logger.Entries.Where(e => e.Level > LogLevel.Debug).Select(e => e.Level));
        Assert.Contains("the queue's claim", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("Failed to connect", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("00:00:30", logger.Entries.Last().Message, StringComparison.Ordinal);
        Assert.Equal(29, logger.Entries.Count(e => e.Level == LogLevel.Debug));
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class ListLogger : ILogger<DatabaseOutage>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
