using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// Samples the work queue every few seconds for two gauges: how many rows are due, and how long the oldest due row has
/// waited (a growing age means the workers do not keep up, or none runs).
/// </summary>
public sealed partial class QueueMetrics(WorkQueue queue, ILogger<QueueMetrics> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(5);

    private long _due;
    private double _oldestDueAgeSeconds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WorkflowTelemetry.Meter.CreateObservableGauge(
            "prometei.workflows.queue.due", () => Interlocked.Read(ref _due), description: "Queue rows due now");
        WorkflowTelemetry.Meter.CreateObservableGauge(
            "prometei.workflows.queue.oldest_due_age", () => Volatile.Read(ref _oldestDueAgeSeconds), "s", "How long the oldest due queue row has waited");
        using var timer = new PeriodicTimer(s_interval);
        do
        {
            try
            {
                var (due, oldestAge) = await queue.QueueStatsAsync(stoppingToken);
                Interlocked.Exchange(ref _due, due);
                Volatile.Write(ref _oldestDueAgeSeconds, oldestAge.TotalSeconds);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogSampleFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The queue could not be sampled for metrics: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
