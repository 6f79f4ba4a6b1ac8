using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// <c>POST {account}/oauth2/access_token</c> (contract §2.2–§2.4): code exchange and refresh. Never retried: a refresh
/// token is single use, so a second send of the same grant would only be refused.
/// </summary>
public sealed class AmoCrmOAuthClient(IHttpClientFactory clients, IOptions<AmoCrmOptions> options, TimeProvider time)
{
    public const string ClientName = "amocrm-oauth";

    public Task<TokenGrant> ExchangeCodeAsync(Uri baseUrl, string code, CancellationToken cancellationToken) =>
        GrantAsync(baseUrl, "authorization_code", "code", code, cancellationToken);

    public Task<TokenGrant> RefreshAsync(Uri baseUrl, string refreshToken, CancellationToken cancellationToken) =>
        GrantAsync(baseUrl, "refresh_token", "refresh_token", refreshToken, cancellationToken);

    private async Task<TokenGrant> GrantAsync(Uri baseUrl, string grantType, string field, string value, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.ClientId) || string.IsNullOrWhiteSpace(o.ClientSecret))
        {
            return new TokenGrant(TokenGrantOutcome.Refused, null, "AMOCRM_CLIENT_ID and AMOCRM_CLIENT_SECRET are needed for OAuth");
        }

        // A code exchange must send the integration's redirect URI exactly (contract §2.2). A refresh sends it when it is
        // configured (§2.3, Kommo's example); the old Kaspi integrator refreshed without one.
        if (o.RedirectUri is null && grantType == "authorization_code")
        {
            return new TokenGrant(TokenGrantOutcome.Refused, null, "AMOCRM_REDIRECT_URI is needed to exchange an authorization code: set it to the integration's redirect URI");
        }

        var body = new Dictionary<string, string>
        {
            ["client_id"] = o.ClientId,
            ["client_secret"] = o.ClientSecret,
            ["grant_type"] = grantType,
            [field] = value,
        };
        if (o.RedirectUri is not null)
        {
            body["redirect_uri"] = o.RedirectUri.OriginalString;
        }

        using var http = clients.CreateClient(ClientName);
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(baseUrl, "oauth2/access_token"), body, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return Parse(text) is { } pair
                    ? TokenGrant.Granted(pair)
                    : new TokenGrant(TokenGrantOutcome.Transient, null, "the token answer had no access_token");
            }

            var reason = $"{(int)response.StatusCode} {Hint(text) ?? response.ReasonPhrase}";
            return response.StatusCode switch
            {
                HttpStatusCode.Forbidden => new TokenGrant(TokenGrantOutcome.Blocked, null, reason),
                HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => new TokenGrant(TokenGrantOutcome.Transient, null, reason),
                >= HttpStatusCode.InternalServerError => new TokenGrant(TokenGrantOutcome.Transient, null, reason),
                _ => new TokenGrant(TokenGrantOutcome.Refused, null, reason),
            };
        }
        catch (HttpRequestException ex)
        {
            return new TokenGrant(TokenGrantOutcome.Transient, null, "no answer: " + ex.HttpRequestError);
        }
        catch (Exception ex) when (ex is TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new TokenGrant(TokenGrantOutcome.Transient, null, "timed out");
        }
    }

    private AmoCrmTokenPair? Parse(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject json || json["access_token"]?.GetValue<string>() is not { Length: > 0 } access)
            {
                return null;
            }

            var refresh = json["refresh_token"]?.GetValue<string>();
            DateTimeOffset? expiresAt = json["expires_in"] is JsonValue seconds && seconds.TryGetValue<long>(out var s)
                ? time.GetUtcNow().AddSeconds(s)
                : JwtExpiry.Read(access);
            return new AmoCrmTokenPair(access, string.IsNullOrEmpty(refresh) ? null : refresh, expiresAt);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The problem's <c>hint</c> (e.g. "Token has been revoked") or <c>title</c>; never a token.</summary>
    private static string? Hint(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject json
                ? (json["hint"] ?? json["title"])?.GetValue<string>()
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
