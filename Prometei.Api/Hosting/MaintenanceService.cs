using System.Globalization;
using Microsoft.Extensions.Options;
using Prometei.Api.Capabilities;
using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Ledger;

namespace Prometei.Api.Hosting;

/// <summary>
/// Each process, every <see cref="GatewayOptions.MaintenanceInterval"/>: writes its heartbeat; raises alerts when the
/// Kaspi poll is older than the threshold or errors pile up (one per condition per period); refreshes an idle refresh
/// token well before amoCRM's 3 months run out; once a day (one process, a named lock) purges errors older than the
/// retention (30 days) and old idempotency records.
/// </summary>
public sealed class MaintenanceService(
    IServiceScopeFactory scopes,
    IOptions<GatewayOptions> gateway,
    IOptions<AlertOptions> alertOptions,
    IOptions<AmoCrmOptions> amoOptions,
    TimeProvider time,
    ILogger<MaintenanceService> logger) : BackgroundService
{
    public static string InstanceName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        GatewayLog.Started(logger, InstanceName, gateway.Value.DryRun);
        using var timer = new PeriodicTimer(gateway.Value.MaintenanceInterval, time);
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            await StepAsync("heartbeat", () => scope.ServiceProvider.GetRequiredService<Heartbeats>()
                .BeatAsync(Heartbeats.Instance(InstanceName), new { dryRun = gateway.Value.DryRun }, stoppingToken));
            await StepAsync("alerts", () => CheckAlertsAsync(scope.ServiceProvider, stoppingToken));
            await StepAsync("webhooks", () => CheckWebhooksAsync(scope.ServiceProvider, stoppingToken));
            await StepAsync("idle-refresh", () => RefreshIdleTokenAsync(scope.ServiceProvider, stoppingToken));
            await StepAsync("purge", () => PurgeDailyAsync(scope.ServiceProvider, stoppingToken));
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task CheckAlertsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var alerts = services.GetRequiredService<AlertService>();
        var o = alertOptions.Value;
        var now = time.GetUtcNow();
        var poll = await services.GetRequiredService<Heartbeats>().GetAsync(Heartbeats.KaspiPoll, cancellationToken);
        var kaspiFlowOn = services.GetRequiredService<GatewayCapabilities>().Flow(GatewayFlows.KaspiToAmoCrm).On;
        if (kaspiFlowOn && poll is not null && now - new DateTimeOffset(DateTime.SpecifyKind(poll.BeatAt, DateTimeKind.Utc)) > o.HeartbeatThreshold)
        {
            await alerts.RaiseAsync(AlertConditions.HeartbeatStale,
                string.Create(CultureInfo.InvariantCulture, $"Kaspi не опрашивался больше {o.HeartbeatThreshold.TotalMinutes:0} мин: поток опроса заказов остановился"), cancellationToken);
        }
        else if (poll is not null)
        {
            await alerts.ClearAsync(AlertConditions.HeartbeatStale, cancellationToken);
        }

        foreach (var (vendor, since) in await services.GetRequiredService<VendorHealthStore>().TakeOutagesToAlertAsync(o.OutageThreshold, cancellationToken))
        {
            var minutes = (now - new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc))).TotalMinutes;
            await alerts.RaiseAsync(AlertConditions.VendorDown(vendor),
                string.Create(CultureInfo.InvariantCulture, $"{AlertConditions.VendorName(vendor)} не отвечает {minutes:0} мин: задачи повторяются сами и выполнятся, когда он вернётся."),
                cancellationToken);
        }

        var failures = await services.GetRequiredService<ErrorLog>().CountSinceAsync(now - o.FailureWindow, cancellationToken);
        if (failures >= o.FailureThreshold)
        {
            await alerts.RaiseAsync(AlertConditions.FlowFailing,
                string.Create(CultureInfo.InvariantCulture, $"{failures} ошибок за {o.FailureWindow.TotalMinutes:0} мин: поток продолжает падать (см. /ops/errors)"), cancellationToken);
        }
        else
        {
            await alerts.ClearAsync(AlertConditions.FlowFailing, cancellationToken);
        }
    }

    /// <summary>
    /// Reads amoCRM's webhook list once per <see cref="AmoCrmOptions.WebhookCheckInterval"/> across processes (the heartbeat's
    /// time) and alerts, once per period, while amoCRM has switched our hook off. Destinations are kept without their query
    /// string, which holds the hook's secret.
    /// </summary>
    private async Task CheckWebhooksAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var o = amoOptions.Value;
        var beats = services.GetRequiredService<Heartbeats>();
        if (!o.Configured || o.WebhookCheckInterval <= TimeSpan.Zero
            || await beats.GetAsync(Heartbeats.AmoCrmWebhooks, cancellationToken) is { } last
               && time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(last.BeatAt, DateTimeKind.Utc)) < o.WebhookCheckInterval)
        {
            return;
        }

        WebhookCheck check;
        try
        {
            var hooks = await services.GetRequiredService<IAmoCrmClient>().ListWebhooksAsync(cancellationToken);
            check = new WebhookCheck(
                [.. hooks.Where(h => h.Destination.Contains(o.WebhookPath, StringComparison.OrdinalIgnoreCase)).Select(h => new WebhookCheckItem(WithoutQuery(h.Destination), h.Disabled))],
                null);
        }
        catch (Exception ex) when (ex is AmoCrmApiException or AmoCrmUnavailableException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            check = new WebhookCheck([], ex.GetType().Name);
        }

        await beats.BeatAsync(Heartbeats.AmoCrmWebhooks, check, cancellationToken);
        var alerts = services.GetRequiredService<AlertService>();
        if (check.Hooks.FirstOrDefault(h => h.Disabled) is { } off)
        {
            GatewayLog.WebhookDisabled(logger, off.Destination);
            await alerts.RaiseAsync(AlertConditions.WebhookDisabled,
                $"amoCRM отключил вебхук {off.Destination} после множества неудачных доставок: включите его в amoCRM (Настройки → Интеграции → Web hooks). Пропущенные смены статусов догонит поток amocrm-status-catch-up.",
                cancellationToken);
        }
        else if (check.Error is null)
        {
            await alerts.ClearAsync(AlertConditions.WebhookDisabled, cancellationToken);
        }
    }

    private static string WithoutQuery(string destination) =>
        Uri.TryCreate(destination, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : destination.Split('?', '#')[0];

    private async Task RefreshIdleTokenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var tokens = services.GetRequiredService<AmoCrmTokenService>();
        var connection = await tokens.GetConnectionAsync(cancellationToken);
        if (connection is { State: AmoCrmConnection.Connected, IsLongLived: false }
            && time.GetUtcNow() - (connection.RefreshedAt ?? connection.StateChangedAt) > amoOptions.Value.IdleRefreshAfter)
        {
            await tokens.RefreshAsync(connection.Generation, cancellationToken);
        }
    }

    private async Task PurgeDailyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var locks = services.GetRequiredService<LockStore>();
        var clock = services.GetRequiredService<GatewayClock>();
        var marker = string.Create(CultureInfo.InvariantCulture, $"{LockStore.DailyPurge}:{clock.Today:yyyy-MM-dd}");

        // The lock row named after today is kept for a day: the first process to take it purges, the others find it held.
        if (!await locks.TryAcquireAsync(marker, $"{InstanceName}:{Guid.NewGuid():N}", TimeSpan.FromDays(1), cancellationToken))
        {
            return;
        }

        var now = clock.UtcNow;
        var errors = await services.GetRequiredService<ErrorLog>().PurgeAsync(now - gateway.Value.ErrorRetention, cancellationToken);
        var records = await services.GetRequiredService<IdempotencyStore>().PurgeAsync(now - gateway.Value.IdempotencyRetention, cancellationToken);
        await locks.ForceReleaseAsync(string.Create(CultureInfo.InvariantCulture, $"{LockStore.DailyPurge}:{clock.Today.AddDays(-1):yyyy-MM-dd}"), cancellationToken);
        GatewayLog.Purged(logger, errors, records);
    }

    private async Task StepAsync(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GatewayLog.MaintenanceFailed(logger, step, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
