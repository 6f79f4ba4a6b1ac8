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

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken[^"]*|[^"]*Antiforgery[^"]*)" value="(?<value>[^"]*)" />""")]
    private static partial Regex AntiforgeryField();
}
