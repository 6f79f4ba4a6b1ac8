using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.Erp;

/// <summary>
/// A document the ERP refused for good (a 4xx other than 408/429): no retry will create it, so the operator hears of it —
/// an entry in the error log (the operation and the idempotency key, which names the lead and status, never the document)
/// and the <see cref="AlertConditions.ErpRefused"/> alert, at most once per alert period.
/// </summary>
public sealed class ErpRefusals(ErrorLog errors, AlertService alerts)
{
    public async Task RecordAsync(string path, ErpApiException refusal, string idempotencyKey)
    {
        var message = $"The ERP refused the document: {refusal.StatusCode} {refusal.Title}";
        await errors.AddAsync("erp", "POST " + path, message, idempotencyKey, CancellationToken.None);
        await alerts.RaiseAsync(AlertConditions.ErpRefused, $"{message} (POST {path}); see the error log.", CancellationToken.None);
    }
}
