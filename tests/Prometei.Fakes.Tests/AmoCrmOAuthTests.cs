using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

public sealed class AmoCrmOAuthTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task Authorization_code_gives_a_bearer_pair_once()
    {
        var fakes = Fakes;
        using var http = fakes.AmoCrm();
        var body = fakes.CodeExchange();

        using var first = await http.PostAsJsonAsync("oauth2/access_token", body);
        using var second = await http.PostAsJsonAsync("oauth2/access_token", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var pair = (await first.JsonAsync()).AsObject();
        Assert.Equal("Bearer", pair["token_type"]!.GetValue<string>());
        Assert.Equal(86400, pair["expires_in"]!.GetValue<int>());
        Assert.Equal(3, pair["access_token"]!.GetValue<string>().Split('.').Length);
        Assert.StartsWith("def50200", pair["refresh_token"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Authorization code has been revoked", (await second.JsonAsync())["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_rotates_and_a_spent_refresh_token_is_revoked()
    {
        var fakes = Fakes;
        using var http = fakes.AmoCrm();
        var (_, refresh1) = await fakes.ConnectAmoCrmAsync();

        using var rotated = await fakes.RefreshAsync(http, refresh1);
        var refresh2 = (await rotated.JsonAsync())["refresh_token"]!.GetValue<string>();
        using var reused = await fakes.RefreshAsync(http, refresh1);
        using var next = await fakes.RefreshAsync(http, refresh2);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(refresh1, refresh2);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        var problem = await reused.JsonAsync();
        Assert.Equal("Token has been revoked", problem["hint"]!.GetValue<string>());
        Assert.Equal("https://developers.amocrm.ru/v3/errors/OAuthProblemJson", problem["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);

        var calls = await fakes.Control.GetTokenCallsAsync();
        Assert.Equal(["authorization_code", "refresh_token", "refresh_token", "refresh_token"], calls.Select(c => c.GrantType));
        Assert.Equal([200, 200, 401, 200], calls.Select(c => c.Status));
        Assert.Equal([null, 1, 1, 2], calls.Select(c => c.UsedGeneration));
        Assert.Equal([1, 2, null, 3], calls.Select(c => c.IssuedGeneration));
    }

    [Fact]
    public async Task Form_encoded_refresh_works_like_json()
    {
        var fakes = Fakes;
        using var http = fakes.AmoCrm();
        var (_, refresh) = await fakes.ConnectAmoCrmAsync();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = fakes.Options.AmoCrm.ClientId,
            ["client_secret"] = fakes.Options.AmoCrm.ClientSecret,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refresh,
        });
        using var response = await http.PostAsync("oauth2/access_token", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("client_secret", "wrong-secret")]
    [InlineData("redirect_uri", "https://evil.example/callback")]
    public async Task A_wrong_client_secret_or_redirect_uri_is_refused(string field, string value)
    {
        var fakes = Fakes;
        using var http = fakes.AmoCrm();
        var body = fakes.CodeExchange();
        body[field] = value;

        using var response = await http.PostAsJsonAsync("oauth2/access_token", body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Client authentication failed", (await response.JsonAsync())["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_needs_a_valid_bearer_token_and_an_expired_one_is_refused_until_refreshed()
    {
        var fakes = Fakes;
        var (access, refresh) = await fakes.ConnectAmoCrmAsync();
        using var anonymous = fakes.AmoCrm();
        using var http = fakes.AmoCrm(access);

        using var noToken = await anonymous.GetAsync("api/v4/account");
        using var ok = await http.GetAsync("api/v4/account");
        await fakes.Control.ExpireAccessTokensAsync();
        using var expired = await http.GetAsync("api/v4/account");
        using var refreshed = await fakes.RefreshAsync(anonymous, refresh);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await refreshed.JsonAsync())["access_token"]!.GetValue<string>());
        using var again = await http.GetAsync("api/v4/account");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("application/problem+json", noToken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_short_access_token_lifetime_expires_on_its_own()
    {
        var (fakes, clock) = await StartOnFakeClockAsync();
        await using var _ = fakes;
        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { AccessTokenLifetime = TimeSpan.FromMilliseconds(300) });
        var (access, _) = await fakes.ConnectAmoCrmAsync();
        using var http = fakes.AmoCrm(access);

        clock.Advance(TimeSpan.FromMilliseconds(299));
        using var fresh = await http.GetAsync("api/v4/account");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var stale = await http.GetAsync("api/v4/account");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
    }

    [Fact]
    public async Task Old_access_tokens_survive_a_refresh_unless_switched()
    {
        var fakes = Fakes;
        var (access, refresh) = await fakes.ConnectAmoCrmAsync();
        using var http = fakes.AmoCrm(access);
        using var anonymous = fakes.AmoCrm();

        using var _ = await fakes.RefreshAsync(anonymous, refresh);
        using var survives = await http.GetAsync("api/v4/account");

        await fakes.Control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { RevokeAccessTokensOnRefresh = true });
        var (access2, refresh2) = await RefreshPairAsync(fakes, anonymous, (await fakes.Control.IssueTokensAsync()).RefreshToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access2);
        using var __ = await fakes.RefreshAsync(anonymous, refresh2);
        using var revoked = await http.GetAsync("api/v4/account");

        Assert.Equal(HttpStatusCode.OK, survives.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task Revoked_switch_kills_every_token_for_good_and_refresh_fails()
    {
        var fakes = Fakes;
        var (access, refresh) = await fakes.ConnectAmoCrmAsync();
        using var http = fakes.AmoCrm(access);
        using var anonymous = fakes.AmoCrm();

        await fakes.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { RevokedToken = true });
        using var call = await http.GetAsync("api/v4/account");
        using var refreshed = await fakes.RefreshAsync(anonymous, refresh);
        await fakes.Control.ClearFaultsAsync(FakeVendor.AmoCrm);
        using var stillDead = await http.GetAsync("api/v4/account");
        var code = await fakes.Control.IssueAuthorizationCodeAsync();
        using var reconnect = await anonymous.PostAsJsonAsync("oauth2/access_token", fakes.CodeExchange(code));

        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
        Assert.Equal("Token has been revoked", (await refreshed.JsonAsync())["hint"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, stillDead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
    }

    private static async Task<(string Access, string Refresh)> RefreshPairAsync(FakeVendorsServer fakes, HttpClient http, string refresh)
    {
        using var response = await fakes.RefreshAsync(http, refresh);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (json["access_token"]!.GetValue<string>(), json["refresh_token"]!.GetValue<string>());
    }
}
