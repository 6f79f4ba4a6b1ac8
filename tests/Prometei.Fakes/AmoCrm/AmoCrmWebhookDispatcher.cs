using System.Text;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// POSTs queued webhooks as amoCRM does (contract §14.4): waits at most 2 seconds for each answer; a status outside 200–299, a
/// timeout or a refused connection is a failed delivery, tried again after ~5 and ~15 minutes (~15 minutes and ~1 hour for
/// 499 and 5xx), 3 attempts in all, scaled by <see cref="AmoCrmBehavior.WebhookTimeScale"/>; single-attempt hooks (Digital
/// Pipeline style, or <see cref="AmoCrmBehavior.WebhookSingleAttempt"/>) are not retried. A hook with more than
/// <see cref="AmoCrmBehavior.WebhookDisableAfter"/> failures within the window, the latest one failed, is switched off: it gets
/// nothing more and <c>GET /api/v4/webhooks</c> reports it <c>disabled</c>.
/// </summary>
internal sealed partial class AmoCrmWebhookDispatcher(AmoCrmWebhooks webhooks, FakeVendorsOptions options, ILogger<AmoCrmWebhookDispatcher> logger) : BackgroundService
{
    private const int MaxAttempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await foreach (var attempt in webhooks.Reader.ReadAllAsync(stoppingToken))
        {
            var account = webhooks.Account;
            lock (account.Sync)
            {
                if (attempt.Hook is { } hook && (hook.Disabled || !account.Webhooks.Contains(hook)))
                {
                    continue;
                }
            }

            var time = options.TimeProvider.GetUtcNow();
            int status;
            try
            {
                using var content = new StringContent(attempt.Body, Encoding.UTF8, "application/x-www-form-urlencoded");
                using var response = await http.PostAsync(new Uri(attempt.Url), content, stoppingToken);
                status = (int)response.StatusCode;
                webhooks.Record(new WebhookDelivery(time, attempt.Url, attempt.LeadId, status, null, attempt.Body, attempt.Attempt));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                LogDeliveryFailed(logger, attempt.LeadId, ex.GetType().Name);
                status = 0;
                webhooks.Record(new WebhookDelivery(time, attempt.Url, attempt.LeadId, 0, ex.Message, attempt.Body, attempt.Attempt));
            }

            if (status is >= 200 and <= 299)
            {
                continue;
            }

            Failed(attempt, status, time, stoppingToken);
        }
    }

    private void Failed(WebhookAttempt attempt, int status, DateTimeOffset time, CancellationToken stoppingToken)
    {
        var account = webhooks.Account;
        var behavior = account.Behavior;
        if (attempt.Hook is not { } hook)
        {
            return;
        }

        lock (account.Sync)
        {
            hook.Failures.Add(time);
            var windowStart = time - behavior.WebhookDisableWindow * behavior.WebhookTimeScale;
            hook.Failures.RemoveAll(f => f < windowStart);
            if (hook.Failures.Count > behavior.WebhookDisableAfter)
            {
                hook.Disabled = true;
                LogSwitchedOff(logger, hook.Id, hook.Failures.Count);
                return;
            }
        }

        if (behavior.WebhookSingleAttempt || attempt.Attempt >= MaxAttempts)
        {
            return;
        }

        var serverSide = status is 499 or >= 500;
        var delay = (attempt.Attempt, serverSide) switch
        {
            (1, false) => TimeSpan.FromMinutes(5),
            (_, false) => TimeSpan.FromMinutes(15),
            (1, true) => TimeSpan.FromMinutes(15),
            _ => TimeSpan.FromHours(1),
        };
        _ = RetryLaterAsync(attempt with { Attempt = attempt.Attempt + 1 }, delay * behavior.WebhookTimeScale, stoppingToken);
    }

    private async Task RetryLaterAsync(WebhookAttempt attempt, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, options.TimeProvider, stoppingToken);
            webhooks.Requeue(attempt);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "amoCRM webhook for lead {LeadId} was not delivered: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, long leadId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "amoCRM webhook {HookId} switched off after {Failures} failed deliveries")]
    private static partial void LogSwitchedOff(ILogger logger, long hookId, int failures);
}
