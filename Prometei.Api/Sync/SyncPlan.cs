namespace Prometei.Api.Sync;

/// <summary>
/// How a batch reaches amoCRM: <see cref="NewCustomers"/> (first order of each unknown customer: a lead with the new
/// contact embedded, <c>/leads/complex</c>), <see cref="Existing"/> (a lead linked to a known contact, <c>/leads</c>) and
/// <see cref="Deferred"/> (further orders of a customer created in this batch: linked once the contact exists) and
/// <see cref="ForReview"/> (no phone, or one that is masked or malformed: a lead with no contact, tagged for review, the
/// customer's name in its note; a contact made from it could merge different customers or repeat for every order).
/// </summary>
public sealed record SyncPlan(
    IReadOnlyList<PlannedOrder> NewCustomers, IReadOnlyList<PlannedOrder> Existing, IReadOnlyList<PlannedOrder> Deferred, IReadOnlyList<PlannedOrder> ForReview);
