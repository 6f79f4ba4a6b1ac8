using Prometei.Fakes.Control;

namespace Prometei.Api.IntegrationTests.Support;

/// <summary>Puts orders into the fake Kaspi.</summary>
public static class KaspiSeed
{
    public static Task<FakeKaspiOrder> AddOrderAsync(
        this FakesControlClient control, string code, string phone, string firstName = "Айгерим", string lastName = "Сапарова",
        DateTimeOffset? created = null, string state = "NEW", decimal price = 12400m) =>
        control.AddKaspiOrderAsync(new NewFakeKaspiOrder
        {
            Code = code,
            State = state,
            CreationDate = created,
            Customer = new KaspiCustomer(firstName, lastName, phone),
            Entries = [new NewFakeKaspiEntry { OfferCode = "SKU-" + code, OfferName = "Товар " + code, Quantity = 2, BasePrice = price / 2 }],
        });

    /// <summary>Adds orders with a bounded number of concurrent control calls.</summary>
    public static async Task AddOrdersAsync(this FakesControlClient control, IEnumerable<NewFakeKaspiOrder> orders)
    {
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, ct) => await control.AddKaspiOrderAsync(order, ct));
    }
}
