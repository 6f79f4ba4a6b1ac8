using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime.Scheduling;

/// <summary>
/// Fires Cron and Timer triggers. A fire claims its slot by inserting (trigger, slot) under a primary key in the same
/// transaction that creates the instance, so each slot fires once across any number of nodes. After downtime only the latest
/// missed slot fires. A Singleton workflow's slot is consumed but skipped while an instance of it still runs.
/// </summary>
public sealed partial class TimerScheduler(
    TriggerIndex triggers,
    WorkflowCatalog catalog,
    WorkflowStarter starter,
    IWorkflowStartGate gate,
    TimerFireStore fires,
    TimeProvider time,
    IOptions<SchedulingOptions> schedulingOptions,
    IOptions<WorkflowServerOptions> serverOptions,
    Prometei.ServiceDefaults.Persistence.DatabaseOutage outage,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    private readonly Dictionary<string, (ISchedule Schedule, DateTimeOffset LastSlot)> _plans = new(StringComparer.Ordinal);
    private volatile bool _stale = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!serverOptions.Value.RunWorkers)
        {
            return;
        }

        triggers.Changed += () => _stale = true;
        var timeZone = CronSchedule.ResolveTimeZone(schedulingOptions.Value.TimeZone);
        var lastCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_stale)
                {
                    _stale = false;
                    await ReloadAsync(timeZone, stoppingToken);
                }

                var now = time.GetUtcNow();
                foreach (var (triggerId, plan) in _plans.ToList())
                {
                    if (plan.Schedule.LatestAtOrBefore(now, plan.LastSlot)?.ToUniversalTime() is { } slot)
                    {
                        await FireAsync(triggerId, slot, stoppingToken);
                        _plans[triggerId] = (plan.Schedule, slot);
                    }
                }

                if (now - lastCleanup > TimeSpan.FromHours(1))
                {
                    lastCleanup = now;
                    await fires.CleanupAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A timer must never take the server down: log (an unreachable database once per outage), re-read the
                // triggers, and go on; the latest slot missed meanwhile fires when the database answers.
                if (Prometei.ServiceDefaults.Persistence.DatabaseOutage.IsUnavailable(ex))
                {
                    outage.Failed("the timer scheduler", ex);
                }
                else
                {
                    LogTickFailed(logger, ex.GetType().Name, ex.Message);
                }

                _stale = true;
            }

            try
            {
                await Task.Delay(schedulingOptions.Value.TickInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReloadAsync(TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        var timers = (await triggers.GetAllAsync(cancellationToken)).Where(t => t.Kind is TriggerKinds.Cron or TriggerKinds.Timer).ToList();
        var lastSlots = await fires.LastSlotsAsync([.. timers.Select(t => t.Id)], cancellationToken);
        _plans.Clear();
        foreach (var t in timers)
        {
            try
            {
                ISchedule schedule = t.Kind == TriggerKinds.Cron
                    ? CronSchedule.Parse(t.Key, timeZone)
                    : new IntervalSchedule(TimeSpan.Parse(t.Key, CultureInfo.InvariantCulture), t.CreatedAt);
                _plans[t.Id] = (schedule, lastSlots.TryGetValue(t.Id, out var last) ? last : t.CreatedAt);
            }
            catch (FormatException ex)
            {
                LogBadSchedule(logger, t.Id, ex.Message);
            }
        }
    }

    private async Task FireAsync(string triggerId, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var trigger = (await triggers.GetAllAsync(cancellationToken)).FirstOrDefault(t => t.Id == triggerId);
        if (trigger is null)
        {
            return;
        }

        var workflow = await catalog.GetAsync(trigger.DefinitionVersionId, cancellationToken);
        if (await gate.OffReasonAsync(workflow, cancellationToken) is { } off)
        {
            // Its flow is off by configuration: the slot passes without an instance (none would get past the gateway).
            LogFlowOff(logger, workflow.DefinitionId, slot, off);
            return;
        }

        var request = new StartRequest(workflow, new Dictionary<string, JsonNode?> { ["slot"] = slot.ToString("O") }, TriggerNodeId: trigger.ActivityNodeId);
        var (created, outcome) = await starter.StartAsync([request], StartGuard.TimerSlot(triggerId, slot), null, cancellationToken);
        if (outcome.Replayed)
        {
            LogFiredElsewhere(logger, triggerId, slot); // another node fired this slot
            return;
        }

        if (created.Count == 0)
        {
            LogSingletonSkipped(logger, workflow.DefinitionId, slot);
            return;
        }

        LogFired(logger, triggerId, slot, created[0].Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {TriggerId} fired for slot {Slot}: instance {InstanceId}")]
    private static partial void LogFired(ILogger logger, string triggerId, DateTimeOffset slot, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer {TriggerId}: slot {Slot} was fired by another node")]
    private static partial void LogFiredElsewhere(ILogger logger, string triggerId, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Information, Message = "Singleton workflow {DefinitionId} still runs; slot {Slot} skipped")]
    private static partial void LogSingletonSkipped(ILogger logger, string definitionId, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Workflow {DefinitionId}: slot {Slot} skipped, {Reason}")]
    private static partial void LogFlowOff(ILogger logger, string definitionId, DateTimeOffset slot, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer trigger {TriggerId} has a schedule that cannot be read: {Reason}")]
    private static partial void LogBadSchedule(ILogger logger, string triggerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer tick failed ({ErrorType}: {ErrorMessage})")]
    private static partial void LogTickFailed(ILogger logger, string errorType, string errorMessage);
}
