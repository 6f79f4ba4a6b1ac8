namespace Prometei.Api.Integrations.Kaspi.Models;

/// <summary>A line item: the merchant's offer (SKU and title), quantity and prices in KZT.</summary>
public sealed record KaspiEntry(string? OfferCode, string? OfferName, decimal Quantity, decimal BasePrice, decimal TotalPrice);
