using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometei.Api.Endpoints;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.UnitTests;

public sealed class ConfigurationTests
{
    private static readonly Dictionary<string, string?> s_valid = new()
    {
        ["ConnectionStrings:integration"] = "Host=127.0.0.1;Database=x",
        ["AMOCRM_SUBDOMAIN"] = "acmeshop",
        ["AMOCRM_CLIENT_ID"] = "client",
        ["AMOCRM_CLIENT_SECRET"] = "secret",
        ["AMOCRM_REDIRECT_URI"] = "https://prometei.local/oauth/amocrm/callback",
        ["AMO_PIPELINE_ID"] = "7012345",
        ["AMO_STATUS_ID"] = "61234567",
        ["KASPI_API_TOKEN"] = "kaspi-token",
        ["KASPI_ALLOWED_STATES"] = "NEW, PICKUP,delivery",
        ["CRM_API_URL"] = "https://erp.example.kz",
        ["CRM_API_KEY"] = "erp-key",
        ["API_INTERNAL_KEY"] = "internal-key-0123456789",
        ["ADMIN_BASIC_PASS"] = "admin-password",
        ["DRY_RUN"] = "yes",
        ["AMO_RPS"] = "5",
    };

    [Fact]
    public void LegacyNames_AreBound()
    {
        using var provider = GatewayConfiguration.Build(s_valid);

        var amo = provider.GetRequiredService<IOptions<AmoCrmOptions>>().Value;
        Assert.Equal(new Uri("https://acmeshop.amocrm.ru/"), amo.EffectiveBaseUrl);
        Assert.Equal(7012345, amo.PipelineId);
        Assert.Equal(5, amo.Rps);
        Assert.Equal(["NEW", "PICKUP", "DELIVERY"], provider.GetRequiredService<IOptions<KaspiOptions>>().Value.EffectiveStates);
        Assert.Equal(new Uri("https://erp.example.kz/"), provider.GetRequiredService<IOptions<ErpOptions>>().Value.BaseUrl);
        var gateway = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        Assert.True(gateway.DryRun);
        Assert.Equal(["internal-key-0123456789"], gateway.InternalKeys);
    }

    [Fact]
    public void AmoSpellings_AreBoundToo()
    {
        var settings = new Dictionary<string, string?>(s_valid) { ["AMOCRM_SUBDOMAIN"] = null, ["AMOCRM_CLIENT_ID"] = null, ["AMO_BASE_URL"] = "https://acme.kommo.com", ["AMO_CLIENT_ID"] = "amo-client" };
        using var provider = GatewayConfiguration.Build(settings);
        var amo = provider.GetRequiredService<IOptions<AmoCrmOptions>>().Value;
        Assert.Equal("amo-client", amo.ClientId);
        Assert.Equal(new Uri("https://acme.kommo.com/"), amo.EffectiveBaseUrl);
        Assert.Equal(new Uri("https://www.kommo.com/oauth"), amo.EffectiveConsentUrl);
    }

    [Theory]
    [InlineData("KASPI_BASE_URL", "kaspi.kz/shop", "KASPI_BASE_URL")]
    [InlineData("AMO_PIPELINE_ID", null, "AMO_PIPELINE_ID")]
    [InlineData("AMO_RPS", "fast", "AMO_RPS")]
    [InlineData("AMO_RPS", "0", "AMO_RPS")]
    [InlineData("DRY_RUN", "maybe", "DRY_RUN")]
    [InlineData("CRM_API_URL", null, "CRM_API_URL")]
    [InlineData("ADMIN_BASIC_PASS", "short", "ADMIN_BASIC_PASS")]
    [InlineData("API_INTERNAL_KEY", "short", "API_INTERNAL_KEY")]
    [InlineData("KASPI_ALLOWED_STATES", "NEW,DELIVERED", "KASPI_ALLOWED_STATES")]
    [InlineData("AMOCRM_CLIENT_SECRET", null, "AMOCRM_CLIENT_SECRET")]
    [InlineData("AMOCRM_SUBDOMAIN", null, "AMO_BASE_URL")]
    [InlineData("AMOCRM_SUBDOMAIN", "acme shop", "AMOCRM_SUBDOMAIN")]
    [InlineData("AMO_BASE_URL", "ftp://acmeshop.amocrm.ru", "AMO_BASE_URL")]
    [InlineData("AMO_BASE_URL", "https://acmeshop.amocrm.ru/?x=1", "AMO_BASE_URL")]
    [InlineData("AMO_BASE_URL", "otherco", "AMOCRM_SUBDOMAIN")]
    public void AWrongOrMissingValue_IsNamedInTheError(string variable, string? value, string named)
    {
        var settings = new Dictionary<string, string?>(s_valid) { [variable] = value };
        using var provider = GatewayConfiguration.Build(settings);

        var failures = GatewayConfiguration.Failures(provider);

        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void TelegramWithoutChat_IsAnError()
    {
        using var provider = GatewayConfiguration.Build(new Dictionary<string, string?>(s_valid) { ["ALERT_TELEGRAM_BOT_TOKEN"] = "123:abc" });
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AlertOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("ALERT_TELEGRAM_CHAT_ID", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AMOCRM_SUBDOMAIN", "acmeshop", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMOCRM_SUBDOMAIN", "AcmeShop", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMOCRM_SUBDOMAIN", "acme.kommo.com", "https://acme.kommo.com/")]
    [InlineData("AMOCRM_SUBDOMAIN", "https://acmeshop.amocrm.ru", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMO_BASE_URL", "acmeshop", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMO_BASE_URL", "acmeshop.amocrm.ru", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMO_BASE_URL", "acmeshop.amocrm.ru/", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMO_BASE_URL", "https://acmeshop.amocrm.ru/api/v4/", "https://acmeshop.amocrm.ru/")]
    [InlineData("AMO_BASE_URL", "http://127.0.0.1:5080/amocrm", "http://127.0.0.1:5080/amocrm/")]
    [InlineData("AMO_BASE_URL", "localhost:5080/amocrm", "https://localhost:5080/amocrm/")]
    public void AmoCrmAddress_SubdomainHostOrUrl(string variable, string value, string expected)
    {
        using var provider = GatewayConfiguration.Build(new Dictionary<string, string?>(s_valid) { ["AMOCRM_SUBDOMAIN"] = null, [variable] = value });
        Assert.Equal(new Uri(expected), provider.GetRequiredService<IOptions<AmoCrmOptions>>().Value.EffectiveBaseUrl);
    }

    [Fact]
    public void AmoCrmAddress_BothNamesAgreeing_IsFine()
    {
        using var provider = GatewayConfiguration.Build(new Dictionary<string, string?>(s_valid) { ["AMOCRM_SUBDOMAIN"] = "acmeshop", ["AMO_BASE_URL"] = "https://acmeshop.amocrm.ru" });
        Assert.Equal(new Uri("https://acmeshop.amocrm.ru/"), provider.GetRequiredService<IOptions<AmoCrmOptions>>().Value.EffectiveBaseUrl);
    }

    [Theory]
    [InlineData("https://erp.example.kz", "https://erp.example.kz/api/tasks", "https://erp.example.kz/api/deals")]
    [InlineData("https://erp.example.kz/erp/", "https://erp.example.kz/erp/api/tasks", "https://erp.example.kz/erp/api/deals")]
    [InlineData("https://erp.example.kz/api/tasks", "https://erp.example.kz/api/tasks", "https://erp.example.kz/api/deals")]
    [InlineData("https://erp.example.kz/crm/v2/Tasks/", "https://erp.example.kz/crm/v2/Tasks", "https://erp.example.kz/crm/v2/deals")]
    [InlineData("http://127.0.0.1:5080/erp/api/tasks", "http://127.0.0.1:5080/erp/api/tasks", "http://127.0.0.1:5080/erp/api/deals")]
    public void CrmApiUrl_BaseOrTaskEndpoint(string value, string tasks, string deals)
    {
        using var provider = GatewayConfiguration.Build(new Dictionary<string, string?>(s_valid) { ["CRM_API_URL"] = value });
        var erp = provider.GetRequiredService<IOptions<ErpOptions>>().Value;
        Assert.Equal(new Uri(tasks), new Uri(erp.BaseUrl!, erp.TasksPath));
        Assert.Equal(new Uri(deals), new Uri(erp.BaseUrl!, erp.DealsPath));
    }

    [Fact]
    public void CrmApiUrl_TaskEndpoint_KeepsAConfiguredDealsPath()
    {
        using var provider = GatewayConfiguration.Build(new Dictionary<string, string?>(s_valid) { ["CRM_API_URL"] = "https://erp.example.kz/api/tasks", ["Erp:DealsPath"] = "deal/create" });
        var erp = provider.GetRequiredService<IOptions<ErpOptions>>().Value;
        Assert.Equal(new Uri("https://erp.example.kz/api/deal/create"), new Uri(erp.BaseUrl!, erp.DealsPath));
    }

    [Theory]
    [InlineData("acmeshop.amocrm.ru", "https://acmeshop.amocrm.ru/")]
    [InlineData("acme.kommo.com", "https://acme.kommo.com/")]
    [InlineData("https://acme.amocrm.com", "https://acme.amocrm.com/")]
    [InlineData("evil.example.com", null)]
    [InlineData("amocrm.ru.evil.com", null)]
    [InlineData(null, null)]
    public void OAuthReferer_OnlyAmoCrmHosts(string? referer, string? expected) =>
        Assert.Equal(expected, OAuthApi.AccountBaseUrl(referer)?.AbsoluteUri);
}
