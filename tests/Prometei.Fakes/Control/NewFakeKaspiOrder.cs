namespace Prometei.Fakes.Control;

/// <summary>An order a test puts into the fake Kaspi (<c>POST /_control/kaspi/orders</c>). Everything has a default.</summary>
public sealed record NewFakeKaspiOrder
{
    /// <summary>The public order code; default a new 9-digit number.</summary>
    public string? Code { get; init; }

    /// <summary>NEW, SIGN_REQUIRED, PICKUP, DELIVERY, KASPI_DELIVERY or ARCHIVE.</summary>
    public string State { get; init; } = "NEW";

    /// <summary>APPROVED_BY_BANK, ACCEPTED_BY_MERCHANT, COMPLETED, CANCELLED, CANCELLING, KASPI_DELIVERY_RETURN_REQUESTED, RETURN_ACCEPTED_BY_MERCHANT or RETURNED.</summary>
    public string Status { get; init; } = "APPROVED_BY_BANK";

    /// <summary>Default: now.</summary>
    public DateTimeOffset? CreationDate { get; init; }

    /// <summary>Default: 2 seconds after creation. Set it minutes later to model a late approval.</summary>
    public DateTimeOffset? ApprovedByBankDate { get; init; }

    /// <summary>The order is listed only from this moment (default: at once), so a test can make an old order appear late.</summary>
    public DateTimeOffset? VisibleFrom { get; init; }

    /// <summary>Default: a generated customer.</summary>
    public KaspiCustomer? Customer { get; init; }

    /// <summary>Default: one smartphone.</summary>
    public IReadOnlyList<NewFakeKaspiEntry>? Entries { get; init; }

    /// <summary>Default: the sum of the entries' totals.</summary>
    public decimal? TotalPrice { get; init; }

    /// <summary><c>PREPAID</c> or <c>PAY_WITH_CREDIT</c>.</summary>
    public string PaymentMode { get; init; } = "PREPAID";

    public int CreditTerm { get; init; }

    /// <summary><c>DELIVERY_PICKUP</c>, <c>DELIVERY_LOCAL</c>, <c>DELIVERY_REGIONAL_TODOOR</c> or <c>DELIVERY_REGIONAL_PICKUP</c>.</summary>
    public string DeliveryMode { get; init; } = "DELIVERY_PICKUP";

    public bool IsKaspiDelivery { get; init; }

    public decimal DeliveryCost { get; init; }

    public decimal DeliveryCostForSeller { get; init; }

    public bool SignatureRequired { get; init; }

    public bool PreOrder { get; init; }

    public string PickupPointId { get; init; } = "Merchant_00001234";

    public KaspiDeliveryAddress? DeliveryAddress { get; init; }

    public string? CancellationReason { get; init; }
}
