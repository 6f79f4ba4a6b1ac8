namespace Prometei.Fakes.Control;

/// <summary>A long-lived access token: no refresh token, valid until <paramref name="ExpiresAt"/> or revocation.</summary>
public sealed record IssuedLongLivedToken(string AccessToken, DateTimeOffset ExpiresAt);
