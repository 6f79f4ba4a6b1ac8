using Prometei.Api.Integrations.Kaspi.Models;
using Prometei.Api.Sync;

namespace Prometei.Api.UnitTests;

public sealed class SyncPlannerTests
{
    [Fact]
    public void Plan_KnownPhoneInAnyFormat_LinksToTheContact()
    {
        var known = new Dictionary<string, long> { ["+77071234567"] = 40123456 };
        var plan = SyncPlanner.Plan([Order("1", "7071234567"), Order("2", "87071234567"), Order("3", "+7 (707) 123-45-67")], known);

        Assert.Empty(plan.NewCustomers);
        Assert.Empty(plan.Deferred);
        Assert.Equal(3, plan.Existing.Count);
        Assert.All(plan.Existing, p => Assert.Equal(40123456, p.ContactId));
    }

    [Fact]
    public void Plan_NewCustomerWithSeveralOrders_GetsOneNewContact()
    {
        var plan = SyncPlanner.Plan([Order("1", "7001112233"), Order("2", "87001112233"), Order("3", "7009998877")], new Dictionary<string, long>());

        Assert.Equal(["1", "3"], plan.NewCustomers.Select(p => p.Order.Code));
        Assert.Equal(["2"], plan.Deferred.Select(p => p.Order.Code));
        Assert.Equal("+77001112233", plan.Deferred[0].Phone);
    }

    [Fact]
    public void Plan_NoMaskedOrOddPhone_GoesForReviewWithoutAContact()
    {
        var plan = SyncPlanner.Plan([Order("1", null), Order("2", "12345"), Order("3", "12345"), Order("4", "707***4567"), Order("5", "7071234567")], new Dictionary<string, long>());

        Assert.Equal(["1", "2", "3", "4"], plan.ForReview.Select(p => p.Order.Code));
        Assert.All(plan.ForReview, p => Assert.Null(p.Phone));
        Assert.Equal(["5"], plan.NewCustomers.Select(p => p.Order.Code));
    }

    private static KaspiOrder Order(string code, string? phone) =>
        new(code, "id-" + code, 1000m, 1, "NEW", "APPROVED_BY_BANK", new KaspiCustomer("Имя", "Фамилия", null, phone), []);
}
