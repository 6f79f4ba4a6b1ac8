namespace Prometei.Fakes.Control;

/// <summary>A stored order line (<c>type: orderentries</c>).</summary>
public sealed record FakeKaspiEntry(
    string Id,
    int EntryNumber,
    string OfferCode,
    string OfferName,
    int Quantity,
    decimal BasePrice,
    decimal TotalPrice,
    string CategoryCode,
    string CategoryTitle,
    string UnitType,
    bool IsImeiRequired,
    string ProductId);
