using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Api.Capabilities;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Ledger;

namespace Prometei.Api.Operations;

/// <summary>Builds the health document and the stats summary from the ledger.</summary>
public sealed class GatewayHealth(
    Heartbeats heartbeats,
    ErrorLog errors,
    DailyStats stats,
    ProcessedOrderStore orders,
    AmoCrmTokenService tokens,
    AlertStateStore alerts,
    GatewayClock clock,
    GatewayCapabilities capabilities,
    VendorStates vendorStates,
    IOptions<GatewayOptions> gateway,
    IOptions<AlertOptions> alertOptions)
{
    public async Task<GatewayHealthReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        try
        {
            var beat = await heartbeats.LatestAsync("api:", cancellationToken);
            var poll = await heartbeats.GetAsync(Heartbeats.KaspiPoll, cancellationToken);
            var lastError = await errors.LastAsync(cancellationToken);
            var today = await stats.SumAsync(clock.Today, cancellationToken);
            var connection = await tokens.GetConnectionAsync(cancellationToken, fresh: true);
            var active = await alerts.ActiveAsync(cancellationToken);
            var amo = connection is null
                ? new AmoCrmHealth(AmoCrmConnection.Disconnected, "amoCRM is not connected yet", null, null, null, 0, false)
                : new AmoCrmHealth(connection.State, connection.StateReason, connection.StateChangedAt, connection.ExpiresAt, connection.RefreshedAt, connection.Generation, connection.IsLongLived);
            var pollInfo = Info(poll, now);
            var webhooks = Webhooks(await heartbeats.GetAsync(Heartbeats.AmoCrmWebhooks, cancellationToken));
            var flows = capabilities.Report().Flows;
            var vendors = await vendorStates.ReadAsync(connection, cancellationToken);
            var kaspiFlowOn = flows.Any(f => f.Name == GatewayFlows.KaspiToAmoCrm && f.On);
            var status = capabilities.Vendor(GatewayFlows.AmoCrm).Configured && amo.TokenState != AmoCrmConnection.Connected
                ? "Unhealthy"
                : (kaspiFlowOn && pollInfo is not null && pollInfo.AgeSeconds > alertOptions.Value.HeartbeatThreshold.TotalSeconds) || today.GetValueOrDefault(DailyStats.Errors) > 0
                  || webhooks?.Hooks.Any(h => h.Disabled) == true
                  || vendors.Any(v => v.State is VendorStates.CredentialsRefused or VendorStates.Failing)
                    ? "Degraded"
                    : "Healthy";
            return new GatewayHealthReport(status, now, "ok", Info(beat, now), pollInfo, lastError, today, amo, active, gateway.Value.DryRun, webhooks, vendors, flows);
        }
        catch (NpgsqlException ex)
        {
            return new GatewayHealthReport("Unhealthy", now, "unreachable: " + ex.GetType().Name, null, null, null, new Dictionary<string, long>(), null, [], gateway.Value.DryRun, Flows: capabilities.Report().Flows);
        }
    }

    public async Task<StatsSummary> StatsAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var days = await stats.DaysAsync(today.AddDays(-6), cancellationToken);
        var week = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (metric, value) in days.Values.SelectMany(d => d))
        {
            week[metric] = week.GetValueOrDefault(metric) + value;
        }

        var ledger = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var state in new[] { "synced", "failed", "reserved", "pending" })
        {
            ledger[state] = await orders.CountAsync(state, cancellationToken);
        }

        return new StatsSummary(
            today,
            days.TryGetValue(today, out var todayTotals) ? todayTotals : new Dictionary<string, long>(),
            week,
            days.ToDictionary(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value, StringComparer.Ordinal),
            ledger);
    }

    private static WebhooksHealth? Webhooks(Heartbeat? beat)
    {
        if (beat?.Detail is not { } detail)
        {
            return null;
        }

        var check = System.Text.Json.JsonSerializer.Deserialize<WebhookCheck>(detail);
        return check is null ? null : new WebhooksHealth(new DateTimeOffset(DateTime.SpecifyKind(beat.BeatAt, DateTimeKind.Utc)), check.Hooks, check.Error);
    }

    private static HeartbeatInfo? Info(Heartbeat? beat, DateTimeOffset now)
    {
        if (beat is null)
        {
            return null;
        }

        var at = new DateTimeOffset(DateTime.SpecifyKind(beat.BeatAt, DateTimeKind.Utc));
        return new HeartbeatInfo(beat.Name, at, Math.Round(Math.Max(0, (now - at).TotalSeconds), 1), beat.Detail);
    }
}
