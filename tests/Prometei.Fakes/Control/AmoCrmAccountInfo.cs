namespace Prometei.Fakes.Control;

/// <summary>The fake account's identity and integration credentials (<c>GET /_control/amocrm/account</c>).</summary>
public sealed record AmoCrmAccountInfo(
    long AccountId,
    string Subdomain,
    string ClientId,
    string ClientSecret,
    string RedirectUri,
    string? AuthorizationCode,
    string? InitialRefreshToken,
    string? LongLivedToken);
