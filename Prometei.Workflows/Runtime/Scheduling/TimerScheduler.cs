using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Workflows.Engine.Model;
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
    NpgsqlDataSource dataSource,
    WorkSignal signal,
    IWorkflowStartGate gate,
    TimeProvider time,
    IOptions<SchedulingOptions> schedulingOptions,
    IOptions<WorkflowServerOptions> serverOptions,
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
                    await CleanupAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A timer must never take the server down: log, re-read the triggers, and go on.
                LogTickFailed(logger, ex.GetType().Name, ex.Message);
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
        var lastSlots = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using (var cmd = dataSource.CreateCommand("SELECT trigger_id, max(slot) FROM timer_fires WHERE trigger_id = ANY($1) GROUP BY trigger_id"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = timers.Select(t => t.Id).ToArray() });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lastSlots[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1).ToUniversalTime();
            }
        }

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

        var singleton = workflow.Options.Activation == ActivationStrategy.Singleton;
        var state = starter.Prepare(new StartRequest(workflow, new Dictionary<string, JsonNode?> { ["slot"] = slot.ToString("O") }, TriggerNodeId: trigger.ActivityNodeId));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (singleton)
        {
            await using var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('singleton:' || $1, 0))", connection);
            lockCmd.Parameters.Add(new NpgsqlParameter { Value = workflow.DefinitionId });
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        }

        var running = false;
        if (singleton)
        {
            await using var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM workflow_instances WHERE definition_id = $1 AND status = 'Running')", connection);
            check.Parameters.Add(new NpgsqlParameter { Value = workflow.DefinitionId });
            running = (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var claim = new NpgsqlCommand("INSERT INTO timer_fires (trigger_id, slot, instance_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = triggerId });
            claim.Parameters.Add(new NpgsqlParameter { Value = slot });
            claim.Parameters.Add(new NpgsqlParameter { Value = running ? DBNull.Value : state.Id, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await tx.RollbackAsync(cancellationToken);
                return; // another node fired this slot
            }
        }

        if (running)
        {
            await tx.CommitAsync(cancellationToken);
            LogSingletonSkipped(logger, workflow.DefinitionId, slot);
            return;
        }

        await using (var batch = new NpgsqlBatch(connection))
        {
            InstanceStore.AddCreateCommands(batch, new NewInstance(state));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{InstanceStore.WorkChannel}', '')"));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        signal.Set();
        LogFired(logger, triggerId, slot, state.Id);
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            DELETE FROM timer_fires f
            WHERE f.fired_at < now() - interval '1 day'
              AND f.slot < (SELECT max(g.slot) FROM timer_fires g WHERE g.trigger_id = f.trigger_id)
            """);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {TriggerId} fired for slot {Slot}: instance {InstanceId}")]
    private static partial void LogFired(ILogger logger, string triggerId, DateTimeOffset slot, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Singleton workflow {DefinitionId} still runs; slot {Slot} skipped")]
    private static partial void LogSingletonSkipped(ILogger logger, string definitionId, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Workflow {DefinitionId}: slot {Slot} skipped, {Reason}")]
    private static partial void LogFlowOff(ILogger logger, string definitionId, DateTimeOffset slot, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer trigger {TriggerId} has a schedule that cannot be read: {Reason}")]
    private static partial void LogBadSchedule(ILogger logger, string triggerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer tick failed ({ErrorType}: {ErrorMessage})")]
    private static partial void LogTickFailed(ILogger logger, string errorType, string errorMessage);
}
