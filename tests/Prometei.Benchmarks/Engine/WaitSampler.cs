using Npgsql;

namespace Prometei.Benchmarks.Engine;

/// <summary>
/// Samples what the database's active backends are doing (<c>pg_stat_activity</c> every 20 ms, this sampler excluded) while a
/// phase runs: on CPU, waiting for the WAL flush, for a lock, for the client. A cheap profile of where the database time goes.
/// </summary>
internal sealed class WaitSampler : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Task _loop;

    private WaitSampler(NpgsqlConnection connection)
    {
        _connection = connection;
        _loop = LoopAsync();
    }

    /// <summary>Samples taken (each one transaction on this sampler's own connection).</summary>
    public int Samples { get; private set; }

    public static async Task<WaitSampler> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return new WaitSampler(connection);
    }

    /// <summary>Stops sampling; returns the average number of active backends in each state, largest first.</summary>
    public async Task<List<(string State, double AverageBackends)>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var samples = Math.Max(1, Samples);
        return [.. _counts.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value / (double)samples))];
    }

    private async Task LoopAsync()
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
            GROUP BY 1
            """, _connection);
        var limit = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!_stop.IsCancellationRequested && DateTime.UtcNow < limit)
        {
            try
            {
                await using (var reader = await cmd.ExecuteReaderAsync(_stop.Token))
                {
                    while (await reader.ReadAsync(_stop.Token))
                    {
                        var key = reader.GetString(0);
                        _counts[key] = _counts.GetValueOrDefault(key) + reader.GetInt64(1);
                    }
                }

                Samples++;
                await Task.Delay(20, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException && _stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
