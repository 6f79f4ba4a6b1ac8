using System.Text;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>POSTs queued webhooks, waiting at most 2 seconds for each answer as amoCRM does (contract §14.4); no retries.</summary>
internal sealed partial class AmoCrmWebhookDispatcher(AmoCrmWebhooks webhooks, FakeVendorsOptions options, ILogger<AmoCrmWebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await foreach (var (url, leadId, body) in webhooks.Reader.ReadAllAsync(stoppingToken))
        {
            var time = options.TimeProvider.GetUtcNow();
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
                using var response = await http.PostAsync(new Uri(url), content, stoppingToken);
                webhooks.Record(new WebhookDelivery(time, url, leadId, (int)response.StatusCode, null, body));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                LogDeliveryFailed(logger, leadId, ex.GetType().Name);
                webhooks.Record(new WebhookDelivery(time, url, leadId, 0, ex.Message, body));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "amoCRM webhook for lead {LeadId} was not delivered: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, long leadId, string reason);
}
