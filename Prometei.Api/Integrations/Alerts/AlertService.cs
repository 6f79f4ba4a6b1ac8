using Microsoft.Extensions.Options;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.Alerts;

/// <summary>
/// Raises alerts on Telegram and by e-mail: at most one per condition per period across every process (the decision is
/// one UPDATE of <c>alert_state</c>), silent when no channel is configured. Messages carry no secrets and no PII.
/// </summary>
public sealed class AlertService(
    AlertStateStore state,
    TelegramAlertChannel telegram,
    EmailAlertChannel email,
    DailyStats stats,
    IOptions<AlertOptions> options,
    ILogger<AlertService> logger)
{
    public async Task<AlertResult> RaiseAsync(string condition, string message, CancellationToken cancellationToken)
    {
        if (!await state.RaiseAsync(condition, message, options.Value.Period, cancellationToken))
        {
            AlertLog.Suppressed(logger, condition);
            return new AlertResult(condition, Suppressed: true, []);
        }

        var text = $"{options.Value.Title}: {message}";
        var channels = new List<string>();
        if (telegram.Configured)
        {
            try
            {
                await telegram.SendAsync(text, cancellationToken);
                channels.Add("telegram");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the type: a message could quote the URL, and the URL holds the bot token.
                AlertLog.ChannelFailed(logger, "telegram", condition, ex is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : ex.GetType().Name);
            }
        }

        if (email.Configured)
        {
            try
            {
                await email.SendAsync($"{options.Value.Title}: {condition}", text, cancellationToken);
                channels.Add("email");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                AlertLog.ChannelFailed(logger, "email", condition, ex.GetType().Name);
            }
        }

        AlertLog.Raised(logger, condition, channels.Count == 0 ? "none" : string.Join(",", channels));
        if (channels.Count > 0)
        {
            await stats.IncrementAsync(DailyStats.AlertsSent, 1, cancellationToken);
        }

        return new AlertResult(condition, Suppressed: false, channels);
    }

    public Task ClearAsync(string condition, CancellationToken cancellationToken) => state.ClearAsync(condition, cancellationToken);
}
