using System.Text.Json.Nodes;
using Prometei.Api.Integrations.Erp.Models;

namespace Prometei.Api.Integrations.Erp;

public interface IErpClient
{
    /// <summary><c>POST {CRM_API_URL}/api/tasks</c> with the <c>Idempotency-Key</c> header.</summary>
    Task<ErpCreated> CreateTaskAsync(JsonObject payload, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary><c>POST {CRM_API_URL}/api/deals</c> with the <c>Idempotency-Key</c> header.</summary>
    Task<ErpCreated> CreateDealAsync(JsonObject payload, string idempotencyKey, CancellationToken cancellationToken);
}
