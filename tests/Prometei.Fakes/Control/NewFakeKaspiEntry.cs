namespace Prometei.Fakes.Control;

/// <summary>A line item of a new order.</summary>
public sealed record NewFakeKaspiEntry
{
    /// <summary>The merchant SKU (<c>offer.code</c>).</summary>
    public required string OfferCode { get; init; }

    /// <summary>The product title (<c>offer.name</c>).</summary>
    public required string OfferName { get; init; }

    public int Quantity { get; init; } = 1;

    /// <summary>Unit price in KZT.</summary>
    public required decimal BasePrice { get; init; }

    /// <summary>Line total; default quantity × base price.</summary>
    public decimal? TotalPrice { get; init; }

    public string CategoryCode { get; init; } = "Master - Smartphones";

    public string CategoryTitle { get; init; } = "Смартфоны";

    /// <summary><c>PIECES</c>, <c>MEASURABLE</c> or <c>MEASURABLE_PIECES</c>.</summary>
    public string UnitType { get; init; } = "PIECES";

    public bool IsImeiRequired { get; init; }
}
