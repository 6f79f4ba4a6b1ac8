namespace Prometei.Api.Sync;

/// <summary>
/// How a batch reaches amoCRM: <see cref="NewCustomers"/> (first order of each unknown customer: a lead with the new
/// contact embedded, <c>/leads/complex</c>), <see cref="Existing"/> (a lead linked to a known contact, <c>/leads</c>) and
/// <see cref="Deferred"/> (further orders of a customer created in this batch: linked once the contact exists).
/// </summary>
public sealed record SyncPlan(IReadOnlyList<PlannedOrder> NewCustomers, IReadOnlyList<PlannedOrder> Existing, IReadOnlyList<PlannedOrder> Deferred);
