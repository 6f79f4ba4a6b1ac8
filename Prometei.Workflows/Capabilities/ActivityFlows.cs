namespace Prometei.Workflows.Capabilities;

/// <summary>
/// Which of the gateway's flows a Prometei activity belongs to (the gateway endpoints it calls): a workflow is off while a
/// flow of any of its activities is off. Types not listed are placed by their name (Kaspi, ERP deal, amoCRM or ERP task).
/// </summary>
public static class ActivityFlows
{
    public const string KaspiToAmoCrm = "kaspi-to-amocrm";
    public const string AmoCrmToErp = "amocrm-to-erp";
    public const string CrmCreateDeal = "crm-create-deal";

    private static readonly Dictionary<string, string> s_known = new(StringComparer.Ordinal)
    {
        ["Prometei.SyncNewKaspiOrders"] = KaspiToAmoCrm,
        ["Prometei.ReconcileKaspiOrders"] = KaspiToAmoCrm,
        ["Prometei.GetAmoCrmLead"] = AmoCrmToErp,
        ["Prometei.GetAmoCrmStatusChanges"] = AmoCrmToErp,
        ["Prometei.AdvanceAmoCrmStatusWatermark"] = AmoCrmToErp,
        ["Prometei.CreateErpTask"] = AmoCrmToErp,
        ["Prometei.CreateErpDeal"] = CrmCreateDeal,
    };

    /// <summary>The flow of an activity type, or null when it needs no vendor (Elsa's activities, parsing, alerts).</summary>
    public static string? Of(string activityType)
    {
        if (s_known.TryGetValue(activityType, out var flow))
        {
            return flow;
        }

        if (!activityType.StartsWith("Prometei.", StringComparison.Ordinal) || activityType.StartsWith("Prometei.Parse", StringComparison.Ordinal))
        {
            return null;
        }

        return activityType switch
        {
            _ when activityType.Contains("Kaspi", StringComparison.Ordinal) => KaspiToAmoCrm,
            _ when activityType.Contains("ErpDeal", StringComparison.Ordinal) => CrmCreateDeal,
            _ when activityType.Contains("AmoCrm", StringComparison.Ordinal) || activityType.Contains("ErpTask", StringComparison.Ordinal) => AmoCrmToErp,
            _ => null,
        };
    }
}
