namespace Prometei.Fakes.Control;

/// <summary>A delivery address (<c>attributes.deliveryAddress</c>).</summary>
public sealed record KaspiDeliveryAddress(
    string StreetName,
    string StreetNumber,
    string Town,
    string? District,
    string? Building,
    string? Apartment,
    string FormattedAddress,
    double Latitude,
    double Longitude);
