namespace Prometei.Api.Ledger;

/// <summary>
/// The amoCRM connection as stored, tokens decrypted. Not a record on purpose: a record's generated ToString would print
/// the tokens wherever the object is logged.
/// </summary>
public sealed class AmoCrmConnection(
    string state, Uri? baseUrl, string? accessToken, string? refreshToken, DateTimeOffset? expiresAt, long generation,
    string? stateReason, DateTimeOffset stateChangedAt, DateTimeOffset? refreshedAt, string? configuredTokens = null)
{
    public const string Connected = "connected";
    public const string Revoked = "revoked";
    public const string Blocked = "blocked";
    public const string Disconnected = "disconnected";

    public string State { get; } = state;

    public Uri? BaseUrl { get; } = baseUrl;

    public string? AccessToken { get; } = accessToken;

    public string? RefreshToken { get; } = refreshToken;

    public DateTimeOffset? ExpiresAt { get; } = expiresAt;

    /// <summary>Increases with every new token pair; a refresher compares it to decide whether someone else refreshed.</summary>
    public long Generation { get; } = generation;

    public string? StateReason { get; } = stateReason;

    public DateTimeOffset StateChangedAt { get; } = stateChangedAt;

    public DateTimeOffset? RefreshedAt { get; } = refreshedAt;

    /// <summary>
    /// Fingerprint of the configured tokens last taken (<see cref="Integrations.AmoCrm.AmoCrmTokenService.ApplyConfigurationAsync"/>),
    /// <c>before-0003</c> for a connection stored by an earlier version, null when configuration never gave tokens.
    /// </summary>
    public string? ConfiguredTokens { get; } = configuredTokens;

    public bool IsLongLived => RefreshToken is null;

    public override string ToString() => $"amoCRM connection {State}, generation {Generation}";
}
