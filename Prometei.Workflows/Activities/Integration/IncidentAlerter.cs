using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Workflows.Activities.Integration.Gateway;
using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>
/// Sends every incident (an activity that failed for good) to the operators through the gateway's alerts. Incidents are
/// written to an outbox in the step's own transaction, so none is lost; each is sent with its own idempotency key, so a
/// resend after a crash is answered from the gateway's ledger. Silent when no gateway key is configured.
/// </summary>
public sealed partial class IncidentAlerter(
    IncidentAlertStore alerts,
    IPrometeiApi gateway,
    IOptions<IntegrationOptions> options,
    Prometei.ServiceDefaults.Persistence.DatabaseOutage outage,
    ILogger<IncidentAlerter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(options.Value.ApiKey))
        {
            LogDisabled(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendPendingAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                if (Prometei.ServiceDefaults.Persistence.DatabaseOutage.IsUnavailable(ex))
                {
                    outage.Failed("the incident alerts' outbox", ex); // once per outage, not every 5 s
                }
                else
                {
                    LogFailed(logger, ex.GetType().Name);
                }

                await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await alerts.PendingAsync(20, cancellationToken);
        foreach (var alert in pending)
        {
            var message = $"Workflow {alert.DefinitionId}, instance {alert.InstanceId}: activity {alert.NodeId.Split(':')[^1]} failed: {alert.Message}";
            var condition = "incident." + new string([.. alert.DefinitionId.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.').Take(80)]);
            var sent = true;
            try
            {
                await gateway.SendAlertAsync(message.Length > 3000 ? message[..3000] : message, condition, string.Create(CultureInfo.InvariantCulture, $"incident-alert:{alert.Id}"), cancellationToken);
            }
            catch (Engine.Execution.ActivityException ex)
            {
                sent = false;
                LogNotSent(logger, alert.Id, ex.Message);
            }

            await alerts.RecordAttemptAsync(alert.Id, sent, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident alerts are off: Integration:ApiKey is not configured")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending incident alerts failed ({ErrorType}); trying again")]
    private static partial void LogFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident alert {AlertId} was not sent: {Reason}")]
    private static partial void LogNotSent(ILogger logger, long alertId, string reason);
}
