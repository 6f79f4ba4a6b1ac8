using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Prometei.Fakes.Tests;

/// <summary>Clients that talk to the fakes the way our vendor clients will.</summary>
internal static class FakesHttp
{
    public const string JsonApi = "application/vnd.api+json";

    public static HttpClient AmoCrm(this FakeVendorsServer fakes, string? accessToken = null)
    {
        var http = new HttpClient { BaseAddress = fakes.AmoCrmBaseUrl };
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return http;
    }

    /// <summary>The body of an authorization-code exchange (default: the configured code).</summary>
    public static Dictionary<string, string> CodeExchange(this FakeVendorsServer fakes, string? code = null) => new()
    {
        ["client_id"] = fakes.Options.AmoCrm.ClientId,
        ["client_secret"] = fakes.Options.AmoCrm.ClientSecret,
        ["grant_type"] = "authorization_code",
        ["code"] = code ?? fakes.Options.AmoCrm.AuthorizationCode!,
        ["redirect_uri"] = fakes.Options.AmoCrm.RedirectUri,
    };

    /// <summary>Exchanges the configured authorization code, as the Api's OAuth callback will.</summary>
    public static async Task<(string Access, string Refresh)> ConnectAmoCrmAsync(this FakeVendorsServer fakes)
    {
        using var http = fakes.AmoCrm();
        using var response = await http.PostAsJsonAsync("oauth2/access_token", fakes.CodeExchange());
        response.EnsureSuccessStatusCode();
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (json["access_token"]!.GetValue<string>(), json["refresh_token"]!.GetValue<string>());
    }

    public static Task<HttpResponseMessage> RefreshAsync(this FakeVendorsServer fakes, HttpClient http, string refreshToken) =>
        http.PostAsJsonAsync("oauth2/access_token", new Dictionary<string, string>
        {
            ["client_id"] = fakes.Options.AmoCrm.ClientId,
            ["client_secret"] = fakes.Options.AmoCrm.ClientSecret,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["redirect_uri"] = fakes.Options.AmoCrm.RedirectUri,
        });

    /// <summary>An amoCRM client with a fresh access token.</summary>
    public static async Task<HttpClient> ConnectedAmoCrmAsync(this FakeVendorsServer fakes)
    {
        var pair = await fakes.Control.IssueTokensAsync();
        return fakes.AmoCrm(pair.AccessToken);
    }

    public static HttpClient Kaspi(this FakeVendorsServer fakes) => new() { BaseAddress = fakes.KaspiBaseUrl };

    /// <summary>A Kaspi GET with the headers the guide requires (Content-Type needs an empty body on a GET in .NET).</summary>
    public static HttpRequestMessage KaspiGet(this FakeVendorsServer fakes, string relative, bool accept = true, bool contentType = true, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, relative);
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token ?? fakes.Options.Kaspi.ApiToken);
        if (accept)
        {
            request.Headers.Accept.ParseAdd(JsonApi);
        }

        if (contentType)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonApi);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonObject? Body)> SendKaspiAsync(this FakeVendorsServer fakes, HttpClient http, string relative)
    {
        using var request = fakes.KaspiGet(relative);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 && response.Content.Headers.ContentType?.MediaType == JsonApi ? JsonNode.Parse(text)!.AsObject() : null);
    }

    public static HttpClient Erp(this FakeVendorsServer fakes, bool withKey = true)
    {
        var http = new HttpClient { BaseAddress = fakes.ErpBaseUrl };
        if (withKey)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", fakes.Options.Erp.ApiKey);
        }

        return http;
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
