namespace Prometei.AppHost;

/// <summary>
/// What tests/Prometei.Fakes accepts and is seeded with in sandbox mode (its defaults: <c>FakeVendorsExtensions</c>,
/// <c>KaspiFakeOptions</c>, <c>ErpFakeOptions</c>, <c>Control/AmoCrmSeedIds.cs</c>). Repeated here because the AppHost
/// only runs the fakes and never references their code.
/// </summary>
internal static class SandboxVendors
{
    public const string AmoCrmPath = "/amocrm";
    public const string KaspiPath = "/kaspi/shop/api/v2";
    public const string ErpPath = "/erp";

    /// <summary>The sandbox's long-lived amoCRM token: valid after every restart of the fakes, unlike rotating refresh tokens.</summary>
    public const string AmoCrmLongLivedToken = "sandbox-amocrm-long-lived-token";

    /// <summary>"Kaspi заказы" and its first stage "Новый заказ".</summary>
    public const string AmoCrmPipelineId = "7012345";
    public const string AmoCrmNewOrderStatusId = "61234567";

    /// <summary>The lead fields "Kaspi order code" and "Товары".</summary>
    public const string AmoCrmKaspiCodeFieldId = "1234567";
    public const string AmoCrmItemsFieldId = "1234577";

    public const string KaspiApiToken = "fake-kaspi-api-token";
    public const string ErpApiKey = "fake-erp-api-key";
}
