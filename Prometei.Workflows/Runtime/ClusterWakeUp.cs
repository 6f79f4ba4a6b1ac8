using Npgsql;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Tells the other nodes that work arrived, out of the acknowledging transaction. A NOTIFY inside the transaction that stores a
/// request makes PostgreSQL commit such transactions one at a time (it holds a database-wide lock from the NOTIFY until the
/// commit is flushed), which caps the acknowledgement rate. The accepting node wakes its own workers in process; this service
/// sends one coalesced NOTIFY for however many requests arrived since the last one, in its own transaction. Polling remains
/// the fallback, so a lost wake-up delays work by at most the poll interval.
/// </summary>
public sealed partial class ClusterWakeUp(DatabaseSignals database, ILogger<ClusterWakeUp> logger) : BackgroundService
{
    private readonly WorkSignal _requested = new();

    public void Request() => _requested.Set();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _requested.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                await database.NotifyWorkAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken); // coalesce a burst into one NOTIFY
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException ex)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking the other nodes failed ({ErrorType}); they poll")]
    private static partial void LogFailed(ILogger logger, string errorType);
}
