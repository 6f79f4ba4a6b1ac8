using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// amoCRM's OAuth server in memory: single-use authorization codes, single-use rotating refresh tokens, expiring access
/// tokens, long-lived tokens, revocation, and a log of every token call. Thread-safe.
/// </summary>
internal sealed class AmoCrmTokenStore(FakeVendorsOptions options, AmoCrmAccount account)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshRecord> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessRecord> _accessTokens = new(StringComparer.Ordinal);
    private readonly List<AmoCrmTokenCall> _calls = [];
    private int _generation;

    private TimeProvider Time => options.TimeProvider;

    public void Reset()
    {
        lock (_lock)
        {
            _codes.Clear();
            _refreshTokens.Clear();
            _accessTokens.Clear();
            _calls.Clear();
            _generation = 0;
            var now = Time.GetUtcNow();
            var o = options.AmoCrm;
            if (!string.IsNullOrEmpty(o.AuthorizationCode))
            {
                _codes[o.AuthorizationCode] = new CodeRecord(now + account.Behavior.AuthorizationCodeLifetime);
            }

            if (!string.IsNullOrEmpty(o.InitialRefreshToken))
            {
                _refreshTokens[o.InitialRefreshToken] = new RefreshRecord(0, now + account.Behavior.RefreshTokenLifetime);
            }

            if (!string.IsNullOrEmpty(o.LongLivedToken))
            {
                _accessTokens[o.LongLivedToken] = new AccessRecord(0, DateTimeOffset.MaxValue, LongLived: true);
            }
        }
    }

    public string IssueAuthorizationCode()
    {
        lock (_lock)
        {
            var code = "def50200" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(96));
            _codes[code] = new CodeRecord(Time.GetUtcNow() + account.Behavior.AuthorizationCodeLifetime);
            return code;
        }
    }

    /// <summary>Issues a pair without a token call, as if a code had been exchanged earlier.</summary>
    public AmoCrmTokenPair IssuePair()
    {
        lock (_lock)
        {
            return IssuePairLocked();
        }
    }

    public IssuedLongLivedToken IssueLongLived(TimeSpan lifetime)
    {
        lock (_lock)
        {
            var expiresAt = Time.GetUtcNow() + lifetime;
            var token = CreateAccessToken(expiresAt, "long_lived");
            _accessTokens[token] = new AccessRecord(0, expiresAt, LongLived: true);
            return new IssuedLongLivedToken(token, expiresAt);
        }
    }

    /// <summary>Makes every access token issued so far expired (refresh tokens stay valid).</summary>
    public void ExpireAccessTokens()
    {
        lock (_lock)
        {
            var past = Time.GetUtcNow().AddSeconds(-1);
            foreach (var key in _accessTokens.Keys.ToList())
            {
                if (!_accessTokens[key].LongLived)
                {
                    _accessTokens[key] = _accessTokens[key] with { ExpiresAt = past };
                }
            }
        }
    }

    /// <summary>Revokes every code and token issued so far (the integration was disabled or deleted).</summary>
    public void RevokeAll()
    {
        lock (_lock)
        {
            foreach (var key in _accessTokens.Keys.ToList())
            {
                _accessTokens[key] = _accessTokens[key] with { Revoked = true };
            }

            foreach (var key in _refreshTokens.Keys.ToList())
            {
                _refreshTokens[key] = _refreshTokens[key] with { Revoked = true };
            }

            _codes.Clear();
        }
    }

    public IReadOnlyList<AmoCrmTokenCall> Calls()
    {
        lock (_lock)
        {
            return _calls.ToList();
        }
    }

    public AccessCheck CheckAccessToken(string token)
    {
        lock (_lock)
        {
            if (!_accessTokens.TryGetValue(token, out var record))
            {
                return AccessCheck.Unknown;
            }

            if (record.Revoked)
            {
                return AccessCheck.Revoked;
            }

            return Time.GetUtcNow() >= record.ExpiresAt ? AccessCheck.Expired : AccessCheck.Valid;
        }
    }

    /// <summary>Handles <c>POST /oauth2/access_token</c>. Hints follow league/oauth2-server, which amoCRM's answers match.</summary>
    public TokenGrantResult Grant(IReadOnlyDictionary<string, string?> request, bool revoked, bool blocked)
    {
        lock (_lock)
        {
            request.TryGetValue("grant_type", out var grantType);
            var result = GrantLocked(request, grantType, revoked, blocked, out var used);
            _calls.Add(new AmoCrmTokenCall(
                Time.GetUtcNow(), grantType, result.Status, result.Hint, used, result.Pair?.Generation));
            return result;
        }
    }

    private TokenGrantResult GrantLocked(
        IReadOnlyDictionary<string, string?> request, string? grantType, bool revoked, bool blocked, out int? usedGeneration)
    {
        usedGeneration = null;
        if (blocked)
        {
            return TokenGrantResult.Fail(403, "Account is blocked");
        }

        var o = options.AmoCrm;
        string? Field(string name) => request.TryGetValue(name, out var value) ? value : null;

        if (grantType is not ("authorization_code" or "refresh_token"))
        {
            return TokenGrantResult.Fail(400, grantType is null
                ? "Check the `grant_type` parameter"
                : "The authorization grant type is not supported by the authorization server.");
        }

        if (Field("client_id") != o.ClientId || Field("client_secret") != o.ClientSecret)
        {
            return TokenGrantResult.Fail(401, "Client authentication failed");
        }

        var redirectUri = Field("redirect_uri");
        if (redirectUri is not null && redirectUri != o.RedirectUri)
        {
            return TokenGrantResult.Fail(401, "Client authentication failed");
        }

        var now = Time.GetUtcNow();
        if (grantType == "authorization_code")
        {
            if (revoked)
            {
                return TokenGrantResult.Fail(401, "Client authentication failed");
            }

            var code = Field("code");
            if (string.IsNullOrEmpty(code))
            {
                return TokenGrantResult.Fail(400, "Check the `code` parameter");
            }

            if (redirectUri is null)
            {
                return TokenGrantResult.Fail(400, "Check the `redirect_uri` parameter");
            }

            if (!_codes.TryGetValue(code, out var codeRecord))
            {
                return TokenGrantResult.Fail(400, "Cannot decrypt the authorization code");
            }

            if (codeRecord.Used)
            {
                return TokenGrantResult.Fail(400, "Authorization code has been revoked");
            }

            if (now >= codeRecord.ExpiresAt)
            {
                return TokenGrantResult.Fail(400, "Authorization code has expired");
            }

            _codes[code] = codeRecord with { Used = true };
            return TokenGrantResult.Ok(IssuePairLocked());
        }

        var refreshToken = Field("refresh_token");
        if (string.IsNullOrEmpty(refreshToken))
        {
            return TokenGrantResult.Fail(400, "Check the `refresh_token` parameter");
        }

        if (!_refreshTokens.TryGetValue(refreshToken, out var refresh))
        {
            return TokenGrantResult.Fail(401, "Cannot decrypt the refresh token");
        }

        usedGeneration = refresh.Generation;
        if (revoked || refresh.Used || refresh.Revoked)
        {
            return TokenGrantResult.Fail(401, "Token has been revoked");
        }

        if (now >= refresh.ExpiresAt)
        {
            return TokenGrantResult.Fail(401, "Token has expired");
        }

        // Single use, globally: the presented token dies now, whatever happens to the answer.
        _refreshTokens[refreshToken] = refresh with { Used = true };
        if (account.Behavior.RevokeAccessTokensOnRefresh)
        {
            foreach (var key in _accessTokens.Keys.ToList())
            {
                var access = _accessTokens[key];
                if (!access.LongLived && access.Generation <= refresh.Generation)
                {
                    _accessTokens[key] = access with { Revoked = true };
                }
            }
        }

        return TokenGrantResult.Ok(IssuePairLocked());
    }

    private AmoCrmTokenPair IssuePairLocked()
    {
        var generation = ++_generation;
        var now = Time.GetUtcNow();
        var behavior = account.Behavior;
        var expiresAt = now + behavior.AccessTokenLifetime;
        var access = CreateAccessToken(expiresAt, "authorization_code");
        var refresh = "def50200" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(192));
        _accessTokens[access] = new AccessRecord(generation, expiresAt, LongLived: false);
        _refreshTokens[refresh] = new RefreshRecord(generation, now + behavior.RefreshTokenLifetime);
        return new AmoCrmTokenPair(access, refresh, (int)Math.Ceiling(behavior.AccessTokenLifetime.TotalSeconds), generation);
    }

    private string CreateAccessToken(DateTimeOffset expiresAt, string grantType)
    {
        // Shaped like amoCRM's RS256 JWT (clients read exp and api_domain) but not signed: the signature is random bytes.
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["jti"] = Guid.NewGuid().ToString("N") };
        var payload = new JsonObject
        {
            ["aud"] = options.AmoCrm.ClientId,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = expiresAt == DateTimeOffset.MaxValue ? 253402300799 : expiresAt.ToUnixTimeSeconds(),
            ["sub"] = AmoCrmSeedIds.AdminUserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["grant_type"] = grantType,
            ["account_id"] = options.AmoCrm.AccountId,
            ["base_domain"] = "amocrm.ru",
            ["version"] = 2,
            ["scopes"] = new JsonArray("push_notifications", "files", "crm", "files_delete", "notifications"),
            ["api_domain"] = "api-b.amocrm.ru",
        };
        return $"{Base64Url(header.ToJsonString())}.{Base64Url(payload.ToJsonString())}.{Base64Url(RandomNumberGenerator.GetBytes(64))}";
    }

    private static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record CodeRecord(DateTimeOffset ExpiresAt, bool Used = false);

    private sealed record RefreshRecord(int Generation, DateTimeOffset ExpiresAt, bool Used = false, bool Revoked = false);

    private sealed record AccessRecord(int Generation, DateTimeOffset ExpiresAt, bool LongLived, bool Revoked = false);
}
