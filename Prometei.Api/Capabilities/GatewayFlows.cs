namespace Prometei.Api.Capabilities;

/// <summary>The names of the vendors and of the flows whose gateway endpoints are switched by configuration.</summary>
public static class GatewayFlows
{
    public const string Kaspi = "kaspi";
    public const string AmoCrm = "amocrm";
    public const string Erp = "erp";

    /// <summary>Kaspi orders → amoCRM leads (poll, sync, reconcile): Kaspi, amoCRM, and the pipeline and status of new leads.</summary>
    public const string KaspiToAmoCrm = "kaspi-to-amocrm";

    /// <summary>amoCRM lead status → ERP task (webhook and catch-up): amoCRM and the ERP.</summary>
    public const string AmoCrmToErp = "amocrm-to-erp";

    /// <summary>The <c>crm/create-deal</c> event → ERP deal: the ERP.</summary>
    public const string CrmCreateDeal = "crm-create-deal";

    public static IReadOnlyList<string> Vendors { get; } = [Kaspi, AmoCrm, Erp];

    public static IReadOnlyList<string> All { get; } = [KaspiToAmoCrm, AmoCrmToErp, CrmCreateDeal];
}
