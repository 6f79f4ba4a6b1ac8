using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Sync;

/// <summary>
/// Decides, without I/O, how each order of a batch reaches amoCRM so that every customer ends up with one contact:
/// phones are normalised (<c>+7XXXXXXXXXX</c>), known phones link to their contact, and an unknown phone gets one new
/// contact however many orders of the batch carry it (amoCRM's complex add does not dedupe within a request); an order
/// without a usable phone gets no contact and goes for review.
/// </summary>
public static class SyncPlanner
{
    public static SyncPlan Plan(IReadOnlyList<KaspiOrder> orders, IReadOnlyDictionary<string, long> knownContacts)
    {
        var fresh = new List<PlannedOrder>();
        var existing = new List<PlannedOrder>();
        var deferred = new List<PlannedOrder>();
        var review = new List<PlannedOrder>();
        var newPhones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            var raw = order.Customer?.CellPhone;
            var phone = PhoneNumbers.Normalize(raw);
            if (phone is null)
            {
                // Not a phone we can compare (none, masked, malformed): no contact at all, a lead for a human to look at.
                review.Add(new PlannedOrder(order, null, null));
            }
            else if (knownContacts.TryGetValue(phone, out var contactId))
            {
                existing.Add(new PlannedOrder(order, phone, contactId));
            }
            else if (!newPhones.Add(phone))
            {
                deferred.Add(new PlannedOrder(order, phone, null));
            }
            else
            {
                fresh.Add(new PlannedOrder(order, phone, null));
            }
        }

        return new SyncPlan(fresh, existing, deferred, review);
    }
}
