namespace Prometei.Api.Integrations.Kaspi.Models;

/// <summary>
/// A Kaspi order as this API hands it to the workflows and takes it back for a sync. <see cref="CreationDate"/> is epoch
/// milliseconds; <see cref="Entries"/> null means "not read yet" (the sync reads them by <see cref="Id"/>).
/// </summary>
public sealed record KaspiOrder(
    string Code,
    string? Id,
    decimal TotalPrice,
    long CreationDate,
    string? State,
    string? Status,
    KaspiCustomer? Customer,
    IReadOnlyList<KaspiEntry>? Entries,
    string? DeliveryMode = null,
    string? PaymentMode = null,
    bool IsKaspiDelivery = false,
    long? ApprovedByBankDate = null);
