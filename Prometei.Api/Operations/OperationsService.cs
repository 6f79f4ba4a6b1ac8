using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Ledger;

namespace Prometei.Api.Operations;

/// <summary>The helpers behind both the operations endpoints and the CLI verbs.</summary>
public sealed class OperationsService(IAmoCrmClient amo, IOptions<AmoCrmOptions> options, LockStore locks, ProcessedOrderStore orders)
{
    public async Task<AmoCrmIds> AmoCrmIdsAsync(CancellationToken cancellationToken)
    {
        var pipelines = await amo.GetPipelinesAsync(cancellationToken);
        var leadFields = await amo.GetCustomFieldsAsync("leads", cancellationToken);
        var contactFields = await amo.GetCustomFieldsAsync("contacts", cancellationToken);
        var o = options.Value;
        var found = pipelines.Any(p => p.Id == o.PipelineId && p.Statuses.Any(s => s.Id == o.StatusId));
        return new AmoCrmIds(pipelines, leadFields, contactFields, o.PipelineId, o.StatusId, found);
    }

    /// <summary>Opens the named lock (or all) and gives every live order reservation an expired lease.</summary>
    public async Task<UnlockResult> ForceUnlockAsync(string? name, CancellationToken cancellationToken)
    {
        var released = await locks.ForceReleaseAsync(name, cancellationToken);
        var expired = name is null ? await orders.ExpireReservationsAsync(cancellationToken) : 0;
        return new UnlockResult(released, expired);
    }
}
