using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.ServiceDefaults.Persistence;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>
/// The worker loop: claims instances with due work (<c>FOR UPDATE SKIP LOCKED</c>, a lease and a fence), runs them side by side
/// up to <see cref="WorkflowServerOptions.MaxConcurrency"/>, renews the leases it holds, and sleeps until a NOTIFY, the next due
/// row, or the poll interval. Instances this node accepted are handed to it in process (<see cref="TryReserve"/>,
/// <see cref="Run"/>), already leased: when every slot is busy they wait in a bounded local backlog
/// (<see cref="WorkflowServerOptions.MaxBacklog"/>), leased and renewed like the running ones, instead of a queue row that a
/// claim would read back; what waited there longer than a lease renewal period, and at shutdown the whole backlog, is handed
/// back to the queue, so that an idle node runs it. A node that dies with a backlog leaves
/// instances whose lease runs out: about twice per lease duration every node takes over running instances whose lease ran out.
/// </summary>
public sealed partial class WorkflowDispatcher(
    WorkQueue queue,
    InstanceProcessor processor,
    WorkSignal signal,
    DatabaseNotifications notifications,
    TimeProvider time,
    IOptions<WorkflowServerOptions> options,
    DatabaseOutage outage,
    ILogger<WorkflowDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly WorkflowServerOptions _options = options.Value;
    private readonly Lock _slots = new();
    private readonly Queue<(ClaimedInstance Claim, long Since)> _backlog = new();
    private int _reserved;
    private CancellationToken _stopping = new(canceled: true);
    private long _lastSweep;

    /// <summary>
    /// False from a failed lease renewal until the next one succeeds. While it is false the sweep of expired leases waits:
    /// after an outage longer than a lease, this node's own running instances look expired, and the renewal that keeps them
    /// (same owner, same fence) must come before a sweep that would claim them a second time.
    /// </summary>
    private volatile bool _leasesRenewed = true;

    /// <summary>
    /// Reserves <paramref name="count"/> of this node's slots (running or backlog) for instances it is about to insert leased to
    /// itself; false when this node runs no workers, is stopping, or has not that many free (the caller then queues them as usual).
    /// </summary>
    public bool TryReserve(int count)
    {
        lock (_slots)
        {
            if (_stopping.IsCancellationRequested
                || _options.MaxConcurrency + _options.MaxBacklog - _running.Count - _backlog.Count - _reserved < count)
            {
                return false;
            }

            _reserved += count;
            return true;
        }
    }

    /// <summary>Gives back reserved slots that were not used (an instance its guard did not let through).</summary>
    public void Unreserve(int count)
    {
        lock (_slots)
        {
            _reserved -= count;
        }
    }

    /// <summary>
    /// Runs an instance inserted leased to this node, in a slot <see cref="TryReserve"/> reserved: at once while a running slot
    /// is free, else when one frees up (the backlog is first in, first out).
    /// </summary>
    public void Run(ClaimedInstance claim)
    {
        lock (_slots)
        {
            _reserved--;
            if (_running.Count < _options.MaxConcurrency || _stopping.IsCancellationRequested)
            {
                _running[claim.Id] = RunAsync(claim, _stopping);
            }
            else
            {
                _backlog.Enqueue((claim, time.GetTimestamp()));
            }
        }
    }

    /// <summary>The slots free for claims: neither running, reserved nor owed to the backlog.</summary>
    private int Free()
    {
        lock (_slots)
        {
            return _options.MaxConcurrency - _running.Count - _backlog.Count - _reserved;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunWorkers)
        {
            return;
        }

        notifications.Subscribe(InstanceStore.WorkChannel, _ => signal.Set());
        lock (_slots)
        {
            _stopping = stoppingToken;
        }

        var renewal = RenewLeasesAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var free = Free();
                var claimed = 0;
                if (free > 0)
                {
                    try
                    {
                        var claims = await queue.ClaimAsync(_options.NodeId, Math.Min(free, _options.ClaimBatchSize), _options.LeaseDuration, stoppingToken);
                        outage.Answered();
                        if (claims.Count < free && _leasesRenewed && time.GetElapsedTime(_lastSweep) >= _options.LeaseDuration / 2)
                        {
                            _lastSweep = time.GetTimestamp();
                            claims = [.. claims, .. await queue.ClaimExpiredAsync(
                                _options.NodeId, free - claims.Count, _options.LeaseDuration, stoppingToken)];
                        }

                        claimed = claims.Count;
                        lock (_slots)
                        {
                            foreach (var claim in claims)
                            {
                                _running[claim.Id] = RunAsync(claim, stoppingToken);
                            }
                        }
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        ReportFailure("the queue's claim", ex);
                        await Task.Delay(_options.PollInterval, time, stoppingToken);
                        continue;
                    }
                }

                if (claimed > 0 && claimed >= Math.Min(free, _options.ClaimBatchSize))
                {
                    continue; // there may be more
                }

                await signal.WaitAsync(await WaitTimeAsync(stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_running.Values.ToArray());
        await renewal;
        await HandBackBacklogAsync();
    }

    /// <summary>
    /// At shutdown: the accepted instances that never got a slot go back to the queue (a <c>Run</c> row each) for any node, in one
    /// round trip.
    /// </summary>
    private async Task HandBackBacklogAsync()
    {
        ClaimedInstance[] waiting;
        lock (_slots)
        {
            waiting = [.. _backlog.Select(b => b.Claim)];
            _backlog.Clear();
        }

        try
        {
            await queue.ReleaseAsync(waiting); // one statement for the whole backlog (up to MaxBacklog), each under its fence
        }
        catch (NpgsqlException)
        {
            // Their leases run out by themselves.
        }
    }

    private async Task<TimeSpan> WaitTimeAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await queue.NextDueAsync(cancellationToken) is { } next)
            {
                var wait = next - time.GetUtcNow();
                return wait < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : wait > _options.PollInterval ? _options.PollInterval : wait;
            }
        }
        catch (NpgsqlException)
        {
        }

        return _options.PollInterval;
    }

    private async Task RunAsync(ClaimedInstance claim, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await processor.ProcessAsync(claim, stoppingToken);
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(logger, claim.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseQuietlyAsync(claim, postpone: false);
        }
        catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex))
        {
            // The database went away mid-step: nothing of the step was committed, and it runs again from its last commit
            // once the database answers (released now if it already does, else when the lease runs out).
            outage.Failed("workflow instance " + claim.Id, ex);
            await ReleaseWhenBackAsync(claim, stoppingToken);
        }
        catch (Exception ex)
        {
            LogProcessingFailed(logger, claim.Id, ex);
            await ReleaseQuietlyAsync(claim, postpone: true);
        }
        finally
        {
            lock (_slots)
            {
                _running.TryRemove(claim.Id, out _);
                if (!stoppingToken.IsCancellationRequested && _running.Count < _options.MaxConcurrency && _backlog.TryDequeue(out var next))
                {
                    _running[next.Claim.Id] = RunAsync(next.Claim, stoppingToken);
                }
            }

            signal.Set();
        }
    }

    /// <summary>Gives the instance up; after an unexpected failure its due work waits a little, so a broken instance cannot spin.</summary>
    private async Task ReleaseQuietlyAsync(ClaimedInstance claim, bool postpone)
    {
        try
        {
            var after = postpone ? TimeSpan.FromSeconds(10) : TimeSpan.Zero;
            if (postpone)
            {
                await queue.PostponeAsync(claim.Id, after);
            }

            await queue.ReleaseAsync(claim.Id, claim.Fence, after); // with a Run row: an instance this node accepted may have none
        }
        catch (NpgsqlException)
        {
            // The lease runs out by itself.
        }
    }

    /// <summary>
    /// Gives the instance up as soon as the database answers again (every second, for at most a lease), so that after a
    /// restart of the database it is claimed again at once, not when its lease runs out. It keeps its slot meanwhile.
    /// </summary>
    private async Task ReleaseWhenBackAsync(ClaimedInstance claim, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                await queue.ReleaseAsync(claim.Id, claim.Fence, TimeSpan.Zero, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex) && time.GetElapsedTime(started) < _options.LeaseDuration)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return; // the lease runs out by itself
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                return; // the lease runs out by itself
            }
        }
    }

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        var period = _options.LeaseDuration / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, time, stoppingToken);
                await HandBackWaitedTooLongAsync(period);
                string[] held;
                lock (_slots)
                {
                    held = [.. _running.Keys, .. _backlog.Select(b => b.Claim.Id)];
                }

                await queue.RenewLeasesAsync(_options.NodeId, held, _options.LeaseDuration, stoppingToken);
                _leasesRenewed = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                // Never ends the loop: the next period tries again, and the sweep waits for a renewal that succeeds.
                _leasesRenewed = false;
                ReportFailure("the lease renewal", ex);
            }
        }
    }

    /// <summary>
    /// Gives the queue (a <c>Run</c> row each, one statement) the accepted instances that have waited in the backlog for a running
    /// slot longer than <paramref name="wait"/> (one lease renewal period), so that another node with free slots takes them now
    /// instead of after this node's running ones; the newer ones stay. This node claims none of them back while its own slots
    /// are full (a claim takes only free slots). A failed release leaves their leases to run out.
    /// </summary>
    private async Task HandBackWaitedTooLongAsync(TimeSpan wait)
    {
        List<ClaimedInstance> waited = [];
        lock (_slots)
        {
            while (_backlog.TryPeek(out var oldest) && time.GetElapsedTime(oldest.Since) >= wait)
            {
                waited.Add(_backlog.Dequeue().Claim);
            }
        }

        if (waited.Count == 0)
        {
            return;
        }

        try
        {
            // Not cut short by a stop: these are out of the backlog, and the shutdown's hand-back would not see them.
            LogHandedBack(logger, await queue.ReleaseAsync(waited), wait);
        }
        catch (NpgsqlException ex)
        {
            ReportFailure("the backlog's hand-back", ex);
        }
    }

    /// <summary>An unreachable database is logged once per outage (<see cref="DatabaseOutage"/>); any other failure each time.</summary>
    private void ReportFailure(string what, Exception ex)
    {
        if (DatabaseOutage.IsUnavailable(ex))
        {
            outage.Failed(what, ex);
        }
        else
        {
            LogClaimFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} accepted instances back to the queue: they waited longer than {Wait} for a running slot")]
    private static partial void LogHandedBack(ILogger logger, int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming work failed ({ErrorType}: {ErrorMessage}); retrying")]
    private static partial void LogClaimFailed(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on workflow instance {InstanceId}; another node continues it")]
    private static partial void LogLeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Running workflow instance {InstanceId} failed")]
    private static partial void LogProcessingFailed(ILogger logger, string instanceId, Exception exception);
}
