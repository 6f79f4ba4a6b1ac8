using System.Net;
using System.Text.RegularExpressions;

namespace Prometei.EndToEndTests.Support;

/// <summary>Signs in to the Studio as the operator over HTTP (the form, with its antiforgery field), as a browser does.</summary>
public static partial class StudioSignIn
{
    /// <summary>A client holding the operator's session cookie for <paramref name="server"/>.</summary>
    public static async Task<HttpClient> SignInAsync(Uri server, string password)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server };
        var page = await http.GetStringAsync("studio/signin");
        var field = AntiforgeryField().Match(page);
        Assert.True(field.Success, "the sign-in form has an antiforgery field");
        using var signIn = await http.PostAsync("studio/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "operator",
            ["password"] = password,
            ["returnUrl"] = "/studio/",
            [field.Groups["name"].Value] = WebUtility.HtmlDecode(field.Groups["value"].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return http;
    }

    /// <summary>The sign-in answer's Set-Cookie headers, the form posted with <c>X-Forwarded-Proto: {forwardedProto}</c> as a proxy sends it.</summary>
    public static async Task<IReadOnlyList<string>> SignInCookiesAsync(Uri server, string password, string forwardedProto)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server };
        using var pageResponse = await http.GetAsync("studio/signin");
        var page = await pageResponse.Content.ReadAsStringAsync();
        var field = AntiforgeryField().Match(page);
        Assert.True(field.Success, "the sign-in form has an antiforgery field");
        using var request = new HttpRequestMessage(HttpMethod.Post, "studio/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "operator",
                ["password"] = password,
                ["returnUrl"] = "/studio/",
                [field.Groups["name"].Value] = WebUtility.HtmlDecode(field.Groups["value"].Value),
            }),
        };
        request.Headers.Add("Cookie", string.Join("; ", pageResponse.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []));
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var signIn = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [];
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken[^"]*|[^"]*Antiforgery[^"]*)" value="(?<value>[^"]*)" />""")]
    private static partial Regex AntiforgeryField();
}
