using Microsoft.Extensions.Options;
using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Ledger;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// Holds amoCRM's tokens. A refresh takes the connection row's lock (<c>SELECT … FOR UPDATE</c>), re-reads the
/// generation and calls amoCRM only when nobody refreshed since the caller's token was issued; the new pair is committed
/// before anyone uses it. So concurrent refreshers, in this process (a semaphore in front) or in any other Api process
/// (the row lock), cause one call to amoCRM. A refused refresh marks the connection revoked (persisted, alerted): every
/// later call fails fast until an operator reconnects.
/// </summary>
public sealed class AmoCrmTokenService(
    AmoCrmConnectionStore store,
    AmoCrmOAuthClient oauth,
    AlertService alerts,
    DailyStats stats,
    IOptions<AmoCrmOptions> options,
    TimeProvider time,
    ILogger<AmoCrmTokenService> logger) : IDisposable
{
    private static readonly TimeSpan s_cacheLifetime = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Lock _cacheLock = new();
    private AmoCrmConnection? _cached;
    private DateTimeOffset _cachedAt;

    /// <summary>The connection as stored (cached for a few seconds), or null when none was ever made.</summary>
    public async Task<AmoCrmConnection?> GetConnectionAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        lock (_cacheLock)
        {
            if (!fresh && _cached is not null && time.GetUtcNow() - _cachedAt < s_cacheLifetime)
            {
                return _cached;
            }
        }

        var connection = await store.GetAsync(cancellationToken);
        Remember(connection);
        return connection;
    }

    /// <summary>An access token to send now; refreshes first when it is close to expiry.</summary>
    /// <exception cref="AmoCrmUnavailableException">Calls are stopped (revoked, blocked, never connected).</exception>
    public async Task<AmoCrmAccess> GetAccessAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken)
            ?? throw new AmoCrmUnavailableException(AmoCrmConnection.Disconnected, "amoCRM is not connected yet");
        EnsureUsable(connection);
        if (connection.AccessToken is null
            || (!connection.IsLongLived && connection.ExpiresAt is { } expiresAt && expiresAt - time.GetUtcNow() < options.Value.RefreshBefore))
        {
            return await RefreshAsync(connection.Generation, cancellationToken);
        }

        return new AmoCrmAccess(connection.AccessToken, connection.Generation, BaseUrl(connection));
    }

    /// <summary>
    /// Refreshes the pair whose generation is <paramref name="staleGeneration"/>, unless someone already did: then the
    /// newer pair is returned without calling amoCRM.
    /// </summary>
    public async Task<AmoCrmAccess> RefreshAsync(long staleGeneration, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            await using var locked = await store.LockAsync(cancellationToken);
            var current = locked.Current;
            if (current.State != AmoCrmConnection.Connected)
            {
                await locked.CommitAsync();
                Remember(current);
                EnsureUsable(current);
            }

            if (current.Generation != staleGeneration && current.AccessToken is not null)
            {
                // Someone (this process or another) refreshed while we waited for the lock.
                await locked.CommitAsync();
                Remember(current);
                return new AmoCrmAccess(current.AccessToken, current.Generation, BaseUrl(current));
            }

            if (current.RefreshToken is null)
            {
                // A long-lived token (or a lost refresh token) that amoCRM no longer accepts: only an operator can help.
                await locked.SetStateAsync(AmoCrmConnection.Revoked, "the access token was refused and there is no refresh token");
                await locked.CommitAsync();
                Remember(null);
                await RaiseRevokedAsync("токен amoCRM отклонён, а refresh-токена нет", cancellationToken);
                throw new AmoCrmUnavailableException(AmoCrmConnection.Revoked, "the access token was refused and there is no refresh token");
            }

            var grant = await oauth.RefreshAsync(BaseUrl(current), current.RefreshToken, cancellationToken);
            switch (grant.Outcome)
            {
                case TokenGrantOutcome.Granted:
                    var pair = grant.Pair!;
                    await locked.SaveTokensAsync(pair.AccessToken, pair.RefreshToken ?? current.RefreshToken, pair.ExpiresAt, BaseUrl(current), "refreshed");
                    await locked.CommitAsync();
                    Remember(null);
                    AmoCrmLog.TokenRefreshed(logger, current.Generation + 1, pair.ExpiresAt);
                    await stats.IncrementAsync(DailyStats.TokenRefreshes, 1, cancellationToken);
                    return new AmoCrmAccess(pair.AccessToken, current.Generation + 1, BaseUrl(current));
                case TokenGrantOutcome.Refused:
                    await locked.SetStateAsync(AmoCrmConnection.Revoked, "refresh refused: " + grant.Reason);
                    await locked.CommitAsync();
                    Remember(null);
                    AmoCrmLog.TokenRevoked(logger, grant.Reason);
                    await RaiseRevokedAsync($"amoCRM отклонил обновление токена ({grant.Reason}); нужно переподключить интеграцию", cancellationToken);
                    throw new AmoCrmUnavailableException(AmoCrmConnection.Revoked, "refresh refused: " + grant.Reason);
                case TokenGrantOutcome.Blocked:
                    await locked.SetStateAsync(AmoCrmConnection.Blocked, "token endpoint answered " + grant.Reason);
                    await locked.CommitAsync();
                    Remember(null);
                    await RaiseBlockedAsync(cancellationToken);
                    throw new AmoCrmUnavailableException(AmoCrmConnection.Blocked, "token endpoint answered " + grant.Reason);
                default:
                    AmoCrmLog.RefreshFailedTransient(logger, grant.Reason);
                    throw new AmoCrmApiException(503, "amoCRM token refresh failed", grant.Reason, []);
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Exchanges an authorization code (redirect flow or pasted) and stores the pair: the connection is live again.</summary>
    public async Task<AmoCrmConnection> ExchangeCodeAsync(string code, Uri? accountBaseUrl, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            await using var locked = await store.LockAsync(cancellationToken);
            var baseUrl = accountBaseUrl ?? BaseUrl(locked.Current);
            var grant = await oauth.ExchangeCodeAsync(baseUrl, code, cancellationToken);
            if (grant.Outcome != TokenGrantOutcome.Granted)
            {
                throw new AmoCrmApiException(grant.Outcome == TokenGrantOutcome.Transient ? 503 : 400, "amoCRM refused the authorization code", grant.Reason, []);
            }

            var pair = grant.Pair!;
            await locked.SaveTokensAsync(pair.AccessToken, pair.RefreshToken, pair.ExpiresAt, baseUrl, "connected with an authorization code");
            await locked.CommitAsync();
            Remember(null);
            AmoCrmLog.Connected(logger, locked.Current.Generation + 1);
            await alerts.ClearAsync(AlertConditions.TokenRevoked, cancellationToken);
            await alerts.ClearAsync(AlertConditions.AccountBlocked, cancellationToken);
            return (await GetConnectionAsync(cancellationToken, fresh: true))!;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>The access token was refused even after a refresh: treat the connection as revoked.</summary>
    public async Task MarkRevokedAsync(string reason, CancellationToken cancellationToken)
    {
        await using (var locked = await store.LockAsync(cancellationToken))
        {
            await locked.SetStateAsync(AmoCrmConnection.Revoked, reason);
            await locked.CommitAsync();
        }

        Remember(null);
        AmoCrmLog.TokenRevoked(logger, reason);
        await RaiseRevokedAsync("amoCRM отклоняет токен: " + reason, cancellationToken);
    }

    /// <summary>amoCRM answered 403 with its block page: stop every call and alert.</summary>
    public async Task MarkBlockedAsync(string reason, CancellationToken cancellationToken)
    {
        await using (var locked = await store.LockAsync(cancellationToken))
        {
            if (locked.Current.State == AmoCrmConnection.Blocked)
            {
                return;
            }

            await locked.SetStateAsync(AmoCrmConnection.Blocked, reason);
            await locked.CommitAsync();
        }

        Remember(null);
        AmoCrmLog.AccountBlocked(logger, reason);
        await RaiseBlockedAsync(cancellationToken);
    }

    /// <summary>An operator says the block is lifted: calls resume (a revoked connection needs a reconnect instead).</summary>
    public async Task<AmoCrmConnection?> ResumeAsync(CancellationToken cancellationToken)
    {
        await using (var locked = await store.LockAsync(cancellationToken))
        {
            if (locked.Current.State == AmoCrmConnection.Blocked)
            {
                await locked.SetStateAsync(AmoCrmConnection.Connected, "resumed by an operator");
                await locked.CommitAsync();
            }
        }

        await alerts.ClearAsync(AlertConditions.AccountBlocked, cancellationToken);
        return await GetConnectionAsync(cancellationToken, fresh: true);
    }

    /// <summary>
    /// Startup: the configured account address wins over the one an earlier run stored, and configured tokens
    /// (<c>AMO_ACCESS_TOKEN</c>, <c>AMO_REFRESH_TOKEN</c>) that differ from those last taken from configuration replace the
    /// stored pair, unless the stored pair is newer by rotation: a configuration that names a token the connection already
    /// held and replaced (a spent refresh token) never rolls it back. This is how an operator reconnects by pasting new
    /// tokens, as with the old integrator's <c>setup:oauth</c>.
    /// </summary>
    public async Task ApplyConfigurationAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var access = NullIfBlank(o.AccessToken);
        var refresh = NullIfBlank(o.RefreshToken);
        var configuredUrl = o.EffectiveBaseUrl;
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            await using var locked = await store.LockAsync(cancellationToken);
            var current = locked.Current;
            if (configuredUrl is not null && current.BaseUrl != configuredUrl)
            {
                await locked.SetBaseUrlAsync(configuredUrl);
                if (current.BaseUrl is not null)
                {
                    AmoCrmLog.AddressChanged(logger, current.BaseUrl.AbsoluteUri, configuredUrl.AbsoluteUri);
                }
            }

            if (access is null && refresh is null)
            {
                await locked.CommitAsync();
                Remember(null);
                return;
            }

            var fingerprint = ConfiguredTokensFingerprint(access, refresh);
            var decision = await DecideAsync(locked, access, refresh, fingerprint);
            if (decision == ConfiguredTokens.Unchanged)
            {
                await locked.CommitAsync();
                Remember(null);
                return;
            }

            if (decision == ConfiguredTokens.Take)
            {
                var expiresAt = access is null ? DateTimeOffset.UnixEpoch : JwtExpiry.Read(access);
                var first = current.AccessToken is null && current.RefreshToken is null;
                await locked.SaveConfiguredTokensAsync(access, refresh, expiresAt, configuredUrl, fingerprint,
                    first ? "seeded from configuration" : "replaced from configuration");
                await locked.CommitAsync();
                Remember(null);
                var kind = refresh is null ? "long-lived token" : "token pair";
                if (first)
                {
                    AmoCrmLog.Seeded(logger, kind);
                }
                else
                {
                    AmoCrmLog.ReplacedFromConfiguration(logger, kind, current.Generation + 1);
                }

                await alerts.ClearAsync(AlertConditions.TokenRevoked, cancellationToken);
                await alerts.ClearAsync(AlertConditions.AccountBlocked, cancellationToken);
                return;
            }

            await locked.MarkConfigurationTakenAsync(fingerprint);
            await locked.CommitAsync();
            Remember(null);
            if (decision == ConfiguredTokens.Adopt)
            {
                AmoCrmLog.ConfiguredTokensAdopted(logger);
            }
            else
            {
                AmoCrmLog.ConfiguredTokensOlder(logger, current.Generation);
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>What to do with the configured tokens, given the row under its lock.</summary>
    private static async Task<ConfiguredTokens> DecideAsync(AmoCrmConnectionLock locked, string? access, string? refresh, string fingerprint)
    {
        var current = locked.Current;
        if (current.ConfiguredTokens == fingerprint)
        {
            // Taken before: whatever happened since (rotation, a reconnect) is newer.
            return ConfiguredTokens.Unchanged;
        }

        if (current.AccessToken is null && current.RefreshToken is null)
        {
            // Nothing stored (or what is stored cannot be decrypted any more).
            return ConfiguredTokens.Take;
        }

        var newest = refresh ?? access!;
        if (newest == (refresh is null ? current.AccessToken : current.RefreshToken))
        {
            return ConfiguredTokens.Adopt;
        }

        if (await locked.IsRetiredAsync(newest))
        {
            // The connection held this token and replaced it (a spent refresh token): the stored pair is newer.
            return ConfiguredTokens.Older;
        }

        if (current.ConfiguredTokens == BeforeFingerprints)
        {
            // Stored by an earlier version that kept no history: take the configured pair only when its access token
            // expires later than the stored one (it was issued after it); never risk rolling back a rotated pair.
            var configuredExpiry = JwtExpiry.Read(access);
            return configuredExpiry is not null && (current.ExpiresAt is not { } storedExpiry || configuredExpiry > storedExpiry)
                ? ConfiguredTokens.Take
                : ConfiguredTokens.Older;
        }

        return ConfiguredTokens.Take;
    }

    /// <summary>SHA-256 over both configured tokens: tells whether the configuration changed since it was last taken.</summary>
    internal static string ConfiguredTokensFingerprint(string? access, string? refresh) =>
        "sha256:" + AmoCrmConnectionStore.TokenHash((access ?? "") + "\n" + (refresh ?? ""));

    private const string BeforeFingerprints = "before-0003";

    public void Dispose() => _refreshGate.Dispose();

    /// <summary>The configured address wins: the stored one only serves when none is configured.</summary>
    private Uri BaseUrl(AmoCrmConnection connection) =>
        options.Value.EffectiveBaseUrl ?? connection.BaseUrl ?? throw new AmoCrmUnavailableException(AmoCrmConnection.Disconnected, "AMO_BASE_URL is not set");

    private static void EnsureUsable(AmoCrmConnection connection)
    {
        if (connection.State != AmoCrmConnection.Connected)
        {
            throw new AmoCrmUnavailableException(connection.State, connection.StateReason ?? connection.State);
        }
    }

    private Task RaiseRevokedAsync(string message, CancellationToken cancellationToken) =>
        alerts.RaiseAsync(AlertConditions.TokenRevoked, message, cancellationToken);

    private Task RaiseBlockedAsync(CancellationToken cancellationToken) =>
        alerts.RaiseAsync(AlertConditions.AccountBlocked, "amoCRM заблокировал доступ к API (403); вызовы остановлены до решения оператора", cancellationToken);

    private void Remember(AmoCrmConnection? connection)
    {
        lock (_cacheLock)
        {
            _cached = connection;
            _cachedAt = time.GetUtcNow();
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
