using System.Globalization;
using Npgsql;

namespace Prometei.Benchmarks.Engine;

/// <summary>
/// The benchmark's own view of the database: counters read before and after a phase, and the journal. Every transaction it
/// runs on its connection is counted, so it can be taken out of the database's commit count.
/// </summary>
internal sealed class DatabaseProbe(string connectionString) : IAsyncDisposable
{
    /// <summary>Idle backends report their statistics within <c>PGSTAT_IDLE_INTERVAL</c> (10 s) after their last transaction.</summary>
    public static readonly TimeSpan StatsSettle = TimeSpan.FromSeconds(11);

    private NpgsqlConnection? _connection;

    /// <summary>Transactions this probe ran (each statement is one, in autocommit) since <see cref="ResetCount"/>.</summary>
    public int Transactions { get; private set; }

    public void ResetCount() => Transactions = 0;

    /// <summary>Closes the probe's backend, which makes it report its statistics at once; the next call opens a new one.</summary>
    public async Task CloseAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var cmd = await CommandAsync(sql, parameters);
        var value = await cmd.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var cmd = await CommandAsync(sql, parameters);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var cmd = await CommandAsync(sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The next transaction id to be assigned. Only a transaction that writes (or NOTIFYs) gets one, and each such transaction
    /// ends in a WAL commit record that waits for the flush, so the difference of two readings counts durable commits exactly
    /// and at once (reading it assigns none).
    /// </summary>
    public Task<long> NextTransactionIdAsync() => ScalarAsync<long>("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");

    /// <summary>Every committed transaction of this database, read-only ones too, as the statistics system last heard of it.</summary>
    public Task<long> TransactionsCommittedAsync() =>
        ScalarAsync<long>("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");

    /// <summary>WAL flushes (<c>fsync</c>/<c>fdatasync</c> calls) and the time spent in them, in ms (needs <c>track_wal_io_timing</c>).</summary>
    public async Task<(long Syncs, double SyncMs, long Records)> WalAsync()
    {
        var row = (await RowsAsync("SELECT wal_sync, wal_sync_time, wal_records FROM pg_stat_wal"))[0];
        return (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToDouble(row[1], CultureInfo.InvariantCulture),
            Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
    }

    private async Task<NpgsqlCommand> CommandAsync(string sql, object[] parameters)
    {
        if (_connection is null)
        {
            _connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await _connection.OpenAsync();
        }

        var cmd = new NpgsqlCommand(sql, _connection);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        Transactions++;
        return cmd;
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
