namespace Prometei.Fakes.Kaspi;

/// <summary>Kaspi's order states and statuses (contract §4): two independent dimensions.</summary>
internal static class KaspiVocabulary
{
    public static readonly IReadOnlySet<string> States = new HashSet<string>(StringComparer.Ordinal)
    {
        "NEW", "SIGN_REQUIRED", "PICKUP", "DELIVERY", "KASPI_DELIVERY", "ARCHIVE",
    };

    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "APPROVED_BY_BANK", "ACCEPTED_BY_MERCHANT", "COMPLETED", "CANCELLED", "CANCELLING",
        "KASPI_DELIVERY_RETURN_REQUESTED", "RETURN_ACCEPTED_BY_MERCHANT", "RETURNED",
    };

    public static readonly IReadOnlySet<string> DeliveryModes = new HashSet<string>(StringComparer.Ordinal)
    {
        "DELIVERY_LOCAL", "DELIVERY_PICKUP", "DELIVERY_REGIONAL_TODOOR", "DELIVERY_REGIONAL_PICKUP",
    };
}
