namespace Prometei.Fakes;

/// <summary>The fake ERP (<c>Fakes:Erp</c>). A request passes with the right <c>X-Api-Key</c> or the right Basic credentials.</summary>
public sealed class ErpFakeOptions
{
    /// <summary>The key expected in <c>X-Api-Key</c>; null or empty turns API-key auth off.</summary>
    public string? ApiKey { get; set; } = "fake-erp-api-key";

    /// <summary>The Basic auth user; null or empty turns Basic auth off.</summary>
    public string? Username { get; set; } = "prometei";

    /// <summary>The Basic auth password.</summary>
    public string? Password { get; set; } = "fake-erp-password";
}
