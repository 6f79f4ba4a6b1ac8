using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.Capabilities;

/// <summary>
/// Which flows configuration lets run: each flow runs when its vendors are configured (Kaspi → amoCRM also needs the
/// pipeline and status of new leads), so either of the replaced systems' <c>.env</c> alone starts the gateway with the
/// other flows off. A flow that is off has its gateway endpoints answer 503 problem "flow off: …"; health and the workflows
/// server (through <c>GET /api/capabilities</c>) say which flows are off and why.
/// </summary>
public sealed class GatewayCapabilities(IOptions<KaspiOptions> kaspi, IOptions<AmoCrmOptions> amoCrm, IOptions<ErpOptions> erp)
{
    public VendorConfiguration Vendor(string name) => name switch
    {
        GatewayFlows.Kaspi => new(name, kaspi.Value.Configured, kaspi.Value.Configured ? null : "Kaspi is not configured (set KASPI_API_TOKEN)"),
        GatewayFlows.AmoCrm => new(name, amoCrm.Value.Configured, amoCrm.Value.Configured ? null : "amoCRM is not configured (set AMO_BASE_URL or AMOCRM_SUBDOMAIN, and AMOCRM_CLIENT_ID/AMOCRM_CLIENT_SECRET or AMO_ACCESS_TOKEN)"),
        GatewayFlows.Erp => new(name, erp.Value.Configured, erp.Value.Configured ? null : "ERP is not configured (set CRM_API_URL and CRM_API_KEY, or CRM_API_USERNAME and CRM_API_PASSWORD)"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a vendor."),
    };

    public FlowState Flow(string name)
    {
        string[] needs = name switch
        {
            GatewayFlows.KaspiToAmoCrm => [GatewayFlows.Kaspi, GatewayFlows.AmoCrm],
            GatewayFlows.AmoCrmToErp => [GatewayFlows.AmoCrm, GatewayFlows.Erp],
            GatewayFlows.CrmCreateDeal => [GatewayFlows.Erp],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a flow."),
        };
        var missing = needs.Select(Vendor).Where(v => !v.Configured).Select(v => v.Missing!).ToList();
        if (name == GatewayFlows.KaspiToAmoCrm && amoCrm.Value.Configured && !amoCrm.Value.LeadPlacementSet)
        {
            missing.Add("the pipeline and status of new leads are not set (run amocrm-ids, then set AMO_PIPELINE_ID and AMO_STATUS_ID)");
        }

        return new FlowState(name, missing.Count == 0, missing.Count == 0 ? null : string.Join("; ", missing), needs);
    }

    public CapabilitiesReport Report() =>
        new([.. GatewayFlows.Vendors.Select(Vendor)], [.. GatewayFlows.All.Select(Flow)]);
}
