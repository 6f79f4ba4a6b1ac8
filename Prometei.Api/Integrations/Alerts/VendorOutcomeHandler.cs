using System.Net;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.Alerts;

/// <summary>
/// Watches a vendor client's answers (innermost handler: every attempt on the wire): a 5xx, 408, timeout or failed connection
/// is a failure, any other answer a success. Only a flip of what this process last saw is written, so the ledger learns when
/// an outage starts and ends (<see cref="VendorHealthStore"/>); the end of an alerted outage sends one recovery alert.
/// </summary>
public sealed class VendorOutcomeHandler(string vendor, VendorHealthStore store, AlertService alerts, ILogger<VendorOutcomeHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested))
        {
            await RecordAsync(failed: true);
            throw;
        }

        await RecordAsync(failed: (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout);
        return response;
    }

    private async Task RecordAsync(bool failed)
    {
        if (store.LastSeen.TryGetValue(vendor, out var last) && last == failed)
        {
            return;
        }

        store.LastSeen[vendor] = failed;
        try
        {
            if (failed)
            {
                await store.FailedAsync(vendor, CancellationToken.None);
            }
            else if (await store.SucceededAsync(vendor, CancellationToken.None))
            {
                await alerts.ClearAsync(AlertConditions.VendorDown(vendor), CancellationToken.None);
                await alerts.RaiseAsync(AlertConditions.VendorUp(vendor), $"{AlertConditions.VendorName(vendor)} снова отвечает: отложенные задачи выполняются.", CancellationToken.None);
            }
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // The vendor's answer matters more than its bookkeeping: try again on the next flip.
            store.LastSeen.TryRemove(vendor, out _);
            AlertLog.ChannelFailed(logger, "ledger", AlertConditions.VendorDown(vendor), ex.GetType().Name);
        }
    }
}
