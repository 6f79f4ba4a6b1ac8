namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>
/// Prometei.Api as the Prometei activities see it: one method per gateway operation, each returning a record. An expected
/// refusal comes back as a value (<see cref="GatewayResult{T}.IsNotFound"/>, <see cref="GatewayResult{T}.IsRefused"/>);
/// anything else the gateway or the network does wrong is an <see cref="Engine.Execution.ActivityException"/>, transient
/// (network, timeouts, 408, 429, 5xx, a 409 "in progress") or not (any other 4xx). Effects carry the given idempotency key.
/// </summary>
public interface IPrometeiApi
{
    /// <summary><c>GET /api/amocrm/leads/{id}</c>: the lead without customer data; not found when amoCRM has no such lead.</summary>
    Task<GatewayResult<AmoCrmLead>> GetAmoCrmLeadAsync(long leadId, CancellationToken cancellationToken);

    /// <summary><c>POST /api/erp/tasks {leadId}</c>: the gateway reads the lead once and sends the task; not found, or refused by the ERP.</summary>
    Task<GatewayResult<ErpCreated>> CreateErpTaskAsync(long leadId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary><c>POST /api/erp/deals {deal}</c>; refused by the ERP.</summary>
    Task<GatewayResult<ErpCreated>> CreateErpDealAsync(ErpDeal deal, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary><c>POST /api/kaspi/orders/poll</c>: one timer slot's poll (read, sync, advance the watermark).</summary>
    Task<KaspiPoll> PollKaspiOrdersAsync(KaspiPollRequest request, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary><c>POST /api/kaspi/reconcile {from, to}</c>.</summary>
    Task<KaspiReconcile> ReconcileKaspiOrdersAsync(DateTimeOffset from, DateTimeOffset to, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary><c>POST /api/amocrm/status-changes</c>: the changes into the given stages since the catch-up's watermark.</summary>
    Task<AmoCrmStatusChanges> GetAmoCrmStatusChangesAsync(AmoCrmStatusChangesQuery query, CancellationToken cancellationToken);

    /// <summary><c>POST /api/amocrm/status-changes/watermark</c> (never moves back).</summary>
    Task AdvanceAmoCrmStatusWatermarkAsync(long watermark, CancellationToken cancellationToken);

    /// <summary><c>POST /api/alerts {message, condition}</c>.</summary>
    Task SendAlertAsync(string message, string? condition, string idempotencyKey, CancellationToken cancellationToken);
}
