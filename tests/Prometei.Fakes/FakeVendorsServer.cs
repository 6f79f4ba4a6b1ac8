using Prometei.Fakes.Control;

namespace Prometei.Fakes;

/// <summary>Running fakes (from <see cref="FakeVendors.StartAsync"/>): their base URLs and control client. Dispose to stop.</summary>
public sealed class FakeVendorsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _controlHttp;

    internal FakeVendorsServer(WebApplication app, FakeVendorsOptions options)
    {
        _app = app;
        Options = options;
        var address = app.Urls.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        _controlHttp = new HttpClient { BaseAddress = BaseAddress };
        Control = new FakesControlClient(_controlHttp);
    }

    /// <summary>The root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>amoCRM's base (stands for <c>https://{subdomain}.amocrm.ru/</c>), with a trailing slash: <c>…/amocrm/</c>.</summary>
    public Uri AmoCrmBaseUrl => new(BaseAddress, "amocrm/");

    /// <summary>Kaspi's API base (stands for <c>https://kaspi.kz/shop/api/v2/</c>), with a trailing slash: <c>…/kaspi/shop/api/v2/</c>.</summary>
    public Uri KaspiBaseUrl => new(BaseAddress, "kaspi/shop/api/v2/");

    /// <summary>The ERP's base, with a trailing slash: <c>…/erp/</c> (its endpoints are <c>api/tasks</c>, <c>api/deals</c>).</summary>
    public Uri ErpBaseUrl => new(BaseAddress, "erp/");

    /// <summary>The options the fakes run with (credentials the clients need: <c>Options.AmoCrm.ClientId</c>, <c>Options.Kaspi.ApiToken</c>, …).</summary>
    public FakeVendorsOptions Options { get; }

    /// <summary>
    /// Prometei.Api's settings (environment names) that point it at these fakes: their addresses, the credentials they accept,
    /// the seeded amoCRM pipeline and status for new leads, and <paramref name="tokens"/> so it starts connected.
    /// </summary>
    public Dictionary<string, string?> ApiEnvironment(AmoCrmTokenPair tokens) => new(StringComparer.Ordinal)
    {
        ["AMO_BASE_URL"] = AmoCrmBaseUrl.AbsoluteUri,
        ["AMOCRM_CLIENT_ID"] = Options.AmoCrm.ClientId,
        ["AMOCRM_CLIENT_SECRET"] = Options.AmoCrm.ClientSecret,
        ["AMOCRM_REDIRECT_URI"] = Options.AmoCrm.RedirectUri,
        ["AMO_ACCESS_TOKEN"] = tokens.AccessToken,
        ["AMO_REFRESH_TOKEN"] = tokens.RefreshToken,
        ["AMO_PIPELINE_ID"] = AmoCrmSeedIds.KaspiPipelineId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AMO_STATUS_ID"] = AmoCrmSeedIds.NewOrderStatusId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KASPI_BASE_URL"] = KaspiBaseUrl.AbsoluteUri,
        ["KASPI_API_TOKEN"] = Options.Kaspi.ApiToken,
        ["CRM_API_URL"] = ErpBaseUrl.AbsoluteUri,
        ["CRM_API_KEY"] = Options.Erp.ApiKey,
    };

    /// <summary>The control API client.</summary>
    public FakesControlClient Control { get; }

    /// <summary>The fakes' services (for tests that want the clock or other internals).</summary>
    public IServiceProvider Services => _app.Services;

    public async ValueTask DisposeAsync()
    {
        _controlHttp.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
