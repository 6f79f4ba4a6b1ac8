namespace Prometei.Fakes.Control;

/// <summary>A stored Kaspi order, as <c>GET /_control/kaspi/orders</c> lists it; the vendor API renders it as JSON:API.</summary>
/// <remarks>
/// <c>Id</c>: The opaque resource id (base64 of <c>{code}:01</c>, as in the guide).<br/>
/// <c>VisibleFrom</c>: Before this moment the vendor API does not list the order.<br/>
/// </remarks>
public sealed record FakeKaspiOrder(
    string Id,
    string Code,
    string State,
    string Status,
    DateTimeOffset CreationDate,
    DateTimeOffset? ApprovedByBankDate,
    DateTimeOffset? PlannedDeliveryDate,
    DateTimeOffset? ReservationDate,
    decimal TotalPrice,
    string PaymentMode,
    int CreditTerm,
    string DeliveryMode,
    bool IsKaspiDelivery,
    decimal DeliveryCost,
    decimal DeliveryCostForSeller,
    bool SignatureRequired,
    bool PreOrder,
    string PickupPointId,
    string? CancellationReason,
    KaspiCustomer Customer,
    KaspiDeliveryAddress? DeliveryAddress,
    IReadOnlyList<FakeKaspiEntry> Entries,
    DateTimeOffset VisibleFrom);
