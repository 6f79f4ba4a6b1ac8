namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>A token pair from <c>/oauth2/access_token</c>. ToString never shows the tokens.</summary>
public sealed class AmoCrmTokenPair(string accessToken, string? refreshToken, DateTimeOffset? expiresAt)
{
    public string AccessToken { get; } = accessToken;

    public string? RefreshToken { get; } = refreshToken;

    public DateTimeOffset? ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"amoCRM token pair expiring {ExpiresAt:O}";
}
