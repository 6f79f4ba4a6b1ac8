namespace Prometei.Fakes.Control;

/// <summary>A token pair as <c>/oauth2/access_token</c> issues it.</summary>
/// <param name="AccessToken">The bearer token (a JWT-shaped string with <c>exp</c>, <c>account_id</c> and <c>api_domain</c> claims; not signed).</param>
/// <param name="RefreshToken">The single-use refresh token.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
/// <param name="Generation">Which pair this is since the last reset (1, 2, …): a refresh of pair N issues pair N+1.</param>
public sealed record AmoCrmTokenPair(string AccessToken, string RefreshToken, int ExpiresIn, int Generation);
