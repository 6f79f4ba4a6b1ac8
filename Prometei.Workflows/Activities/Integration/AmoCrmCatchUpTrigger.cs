using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Persistence;
using Prometei.Workflows.Runtime;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Runs the Singleton catch-up (<c>amocrm-status-catch-up</c>) soon after a Digital Pipeline status hook, which carries no
/// time and is left to the catch-up, instead of at its next cron slot (up to 5 minutes later). Requests coalesce: the run
/// starts <see cref="IntegrationOptions.CatchUpOnHookDelay"/> after the latest hook, or two delays after the first one of a
/// steady stream, so a burst of hooks makes one run. While an instance of the catch-up runs (a cron slot's, or one started
/// here), none is started beside it (the Singleton guard, on every node): the start is tried again, with a growing pause,
/// until it gets its own run, which reads the hooks' changes. The run makes the ERP tasks under the key both paths share, so
/// a change that the cron's run also reads gets one task. Requests live in this node's memory: one lost with the node is
/// the next cron slot's, as before.
/// </summary>
public sealed partial class AmoCrmCatchUpTrigger(
    TriggerIndex triggers, WorkflowCatalog catalog, IWorkflowStartGate gate, WorkflowStarter starter,
    IOptions<IntegrationOptions> options, TimeProvider time, ILogger<AmoCrmCatchUpTrigger> logger) : BackgroundService
{
    public const string CatchUpDefinitionId = "amocrm-status-catch-up";

    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxRetry = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private DateTimeOffset? _firstDue;
    private DateTimeOffset _lastDue;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Asks for a run when <paramref name="events"/> hold a status or pipeline change without a time into a stage the flows
    /// act on (<c>Integration:WebhookPipelines</c> × <c>WebhookStatuses</c>). Returns whether it asked.
    /// </summary>
    public bool Offer(IReadOnlyList<AmoCrmLeadEvent> events)
    {
        var o = options.Value;
        if (o.CatchUpOnHookDelay <= TimeSpan.Zero)
        {
            return false;
        }

        var pipelines = o.PipelineIds();
        var statuses = o.StatusIds();
        if (!events.Any(e => e.Timestamp is null && (e.StatusChanged || e.PipelineChanged)
            && (pipelines.Count == 0 || (e.PipelineId is { } p && pipelines.Contains(p)))
            && (statuses.Count == 0 || (e.StatusId is { } s && statuses.Contains(s)))))
        {
            return false;
        }

        var due = time.GetUtcNow() + o.CatchUpOnHookDelay;
        TaskCompletionSource signal;
        lock (_lock)
        {
            _firstDue ??= due;
            if (due > _lastDue)
            {
                _lastDue = due;
            }

            signal = _signal;
        }

        signal.TrySetResult();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = TimeSpan.Zero;
        var retryAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? startAt;
            Task signal;
            lock (_lock)
            {
                startAt = _firstDue is { } first ? Min(_lastDue, first + options.Value.CatchUpOnHookDelay) : null;
                signal = _signal.Task;
            }

            var now = time.GetUtcNow();
            if (startAt is { } at && retryAt > at)
            {
                startAt = retryAt;
            }

            if (startAt is null || now < startAt)
            {
                var pause = startAt is { } until ? until - now : Timeout.InfiniteTimeSpan;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    await Task.WhenAny(signal, Task.Delay(pause, time, wait.Token)).ConfigureAwait(false);
                    await wait.CancelAsync(); // no delay left behind for each wake-up
                }

                lock (_lock)
                {
                    if (_signal.Task.IsCompleted)
                    {
                        _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                continue;
            }

            bool started;
            try
            {
                started = await TryStartAsync(now, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogStartFailed(logger, ex);
                started = false;
            }

            if (started)
            {
                retry = TimeSpan.Zero;
                retryAt = DateTimeOffset.MinValue;
                lock (_lock)
                {
                    // Hooks whose delay had passed are this run's; those after it wait for the next one.
                    _firstDue = _lastDue <= now ? null : _lastDue;
                }
            }
            else
            {
                retry = retry == TimeSpan.Zero ? s_firstRetry : Min(retry * 2, s_maxRetry);
                retryAt = now + retry;
            }
        }
    }

    /// <summary>Starts the catch-up; true when it started or cannot start at all (not published, flow off), false when one runs.</summary>
    private async Task<bool> TryStartAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trigger = (await triggers.GetAsync(TriggerKinds.Cron, cancellationToken)).FirstOrDefault(t => t.DefinitionId == CatchUpDefinitionId);
        if (trigger is null)
        {
            LogNotPublished(logger, CatchUpDefinitionId);
            return true;
        }

        var workflow = await catalog.GetAsync(trigger.DefinitionVersionId, cancellationToken);
        if (await gate.OffReasonAsync(workflow, cancellationToken) is { } off)
        {
            LogFlowOff(logger, CatchUpDefinitionId, off);
            return true;
        }

        var input = new Dictionary<string, JsonNode?> { ["slot"] = now.ToString("O"), ["reason"] = "amoCRM Digital Pipeline hook" };
        var (created, _) = await starter.StartAsync([new StartRequest(workflow, input, TriggerNodeId: trigger.ActivityNodeId)], StartGuard.None, null, cancellationToken);
        if (created.Count == 0)
        {
            LogStillRunning(logger, CatchUpDefinitionId);
            return false;
        }

        LogStarted(logger, CatchUpDefinitionId, created[0].Id);
        return true;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Catch-up {DefinitionId} started for Digital Pipeline hooks: instance {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string definitionId, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catch-up {DefinitionId} still runs; the run for Digital Pipeline hooks waits for it")]
    private static partial void LogStillRunning(ILogger logger, string definitionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catch-up {DefinitionId} is not published; Digital Pipeline hooks wait for none")]
    private static partial void LogNotPublished(ILogger logger, string definitionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catch-up {DefinitionId} is off ({Reason}); not run for Digital Pipeline hooks")]
    private static partial void LogFlowOff(ILogger logger, string definitionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the catch-up for Digital Pipeline hooks failed; it is tried again")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
