using Microsoft.Extensions.DependencyInjection;
using Prometei.Api.Capabilities;

namespace Prometei.Api.UnitTests;

/// <summary>Flows on by configuration: either replaced system's .env alone is valid, and switches on only its own flows.</summary>
public sealed class CapabilitiesTests
{
    /// <summary>The old Kaspi → amoCRM integrator's variables (plus Prometei's own database and internal key).</summary>
    public static Dictionary<string, string?> OldIntegrator() => new()
    {
        ["ConnectionStrings:integration"] = "Host=127.0.0.1;Database=x",
        ["API_INTERNAL_KEY"] = "internal-key-0123456789",
        ["KASPI_API_TOKEN"] = "kaspi-token",
        ["KASPI_BASE_URL"] = "https://kaspi.kz/shop/api/v2",
        ["AMO_BASE_URL"] = "acmeshop",
        ["AMO_CLIENT_ID"] = "client",
        ["AMO_CLIENT_SECRET"] = "secret",
        ["AMO_ACCESS_TOKEN"] = "access",
        ["AMO_REFRESH_TOKEN"] = "refresh",
        ["AMO_PIPELINE_ID"] = "7012345",
        ["AMO_STATUS_ID"] = "61234567",
        ["KASPI_ALLOWED_STATES"] = "NEW,PICKUP",
        ["DRY_RUN"] = "false",
        ["AMO_RPS"] = "5",
        ["ADMIN_BASIC_PASS"] = "admin-password",
    };

    /// <summary>The old amoCRM → ERP service's variables (plus Prometei's own database and internal key).</summary>
    public static Dictionary<string, string?> OldService() => new()
    {
        ["ConnectionStrings:integration"] = "Host=127.0.0.1;Database=x",
        ["API_INTERNAL_KEY"] = "internal-key-0123456789",
        ["AMOCRM_CLIENT_ID"] = "client",
        ["AMOCRM_CLIENT_SECRET"] = "secret",
        ["AMOCRM_REDIRECT_URI"] = "https://prometei.example.kz/oauth/amocrm/callback",
        ["AMOCRM_REFRESH_TOKEN"] = "refresh",
        ["AMOCRM_SUBDOMAIN"] = "acmeshop",
        ["CRM_API_URL"] = "https://erp.example.kz/api/tasks",
        ["CRM_API_KEY"] = "erp-key",
    };

    [Fact]
    public void OldIntegratorEnvAlone_IsValid_KaspiFlowOn_ErpFlowsOffNamingTheErp()
    {
        using var provider = GatewayConfiguration.Build(OldIntegrator());
        AssertValid(provider);
        var flows = provider.GetRequiredService<GatewayCapabilities>().Report().Flows.ToDictionary(f => f.Name);

        Assert.True(flows[GatewayFlows.KaspiToAmoCrm].On);
        Assert.False(flows[GatewayFlows.AmoCrmToErp].On);
        Assert.Contains("CRM_API_URL", flows[GatewayFlows.AmoCrmToErp].Reason, StringComparison.Ordinal);
        Assert.StartsWith("ERP is not configured", flows[GatewayFlows.CrmCreateDeal].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OldServiceEnvAlone_IsValid_ErpFlowsOn_KaspiFlowOffNamingKaspi()
    {
        using var provider = GatewayConfiguration.Build(OldService());
        AssertValid(provider);
        var flows = provider.GetRequiredService<GatewayCapabilities>().Report().Flows.ToDictionary(f => f.Name);

        Assert.True(flows[GatewayFlows.AmoCrmToErp].On);
        Assert.True(flows[GatewayFlows.CrmCreateDeal].On);
        Assert.False(flows[GatewayFlows.KaspiToAmoCrm].On);
        Assert.Contains("KASPI_API_TOKEN", flows[GatewayFlows.KaspiToAmoCrm].Reason, StringComparison.Ordinal);
        Assert.Contains("AMO_PIPELINE_ID", flows[GatewayFlows.KaspiToAmoCrm].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPipelineYet_IsValid_AndTheKaspiFlowWaitsForAmoCrmIds()
    {
        var settings = OldIntegrator();
        settings["AMO_PIPELINE_ID"] = null;
        settings["AMO_STATUS_ID"] = null;
        using var provider = GatewayConfiguration.Build(settings);
        AssertValid(provider);

        var kaspi = provider.GetRequiredService<GatewayCapabilities>().Flow(GatewayFlows.KaspiToAmoCrm);
        Assert.False(kaspi.On);
        Assert.Contains("amocrm-ids", kaspi.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingConfigured_IsValid_EveryFlowOff()
    {
        using var provider = GatewayConfiguration.Build(new() { ["ConnectionStrings:integration"] = "Host=127.0.0.1;Database=x", ["API_INTERNAL_KEY"] = "internal-key-0123456789" });
        AssertValid(provider);
        Assert.All(provider.GetRequiredService<GatewayCapabilities>().Report().Flows, f => Assert.False(f.On));
    }

    [Theory]
    [InlineData("KASPI_BASE_URL", "not a url", "KASPI_BASE_URL")]
    [InlineData("AMO_BASE_URL", "acme shop", "AMO_BASE_URL")]
    [InlineData("AMO_PIPELINE_ID", "pipeline", "AMO_PIPELINE_ID")]
    [InlineData("CRM_API_URL", "erp.example.kz", "CRM_API_URL")]
    [InlineData("CRM_API_KEY", "key-without-url", "CRM_API_URL")]
    [InlineData("KASPI_ALLOWED_STATES", "NEW,SHIPPED", "KASPI_ALLOWED_STATES")]
    public void APresentButInvalidVariable_StillStopsTheStart_NamingIt(string variable, string value, string named)
    {
        var settings = OldIntegrator();
        settings[variable] = value;
        using var provider = GatewayConfiguration.Build(settings);

        var failures = GatewayConfiguration.Failures(provider);
        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    private static void AssertValid(ServiceProvider provider) => Assert.Empty(GatewayConfiguration.Failures(provider));
}
