using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>
/// Two workflows nodes that share no folder (each its own HOME): a Studio session cookie, a bearer token and an antiforgery
/// token issued by one are accepted by the other, because the key ring is in the database.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed partial class SharedKeyRingTests(PostgresFixture postgres)
{
    private const string Password = "shared-key-ring-operator-password";

    [Fact]
    public async Task TwoNodes_AcceptTheCookieBearerTokenAndAntiforgeryTokenTheOtherIssued()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        var homes = new[] { Directory.CreateTempSubdirectory("prometei-wf-a-"), Directory.CreateTempSubdirectory("prometei-wf-b-") };
        try
        {
            Dictionary<string, string?> Node(int i) => new() { ["HOME"] = homes[i].FullName, ["Studio__Operator__Password"] = Password };
            var a = await harness.StartNodeAsync("node-a", extra: Node(0));
            var b = await harness.StartNodeAsync("node-b", extra: Node(1));

            // One browser (one cookie jar) behind a balancer: the sign-in page from A, the form posted to B.
            var cookies = new CookieContainer();
            using var toA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = a.BaseAddress };
            using var toB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = b.BaseAddress };
            var page = await toA.GetStringAsync("studio/signin");
            var field = AntiforgeryField().Match(page);
            Assert.True(field.Success, "the sign-in form has an antiforgery field");
            using var signIn = await toB.PostAsync("studio/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "operator",
                ["password"] = Password,
                ["returnUrl"] = "/studio/",
                [field.Groups["name"].Value] = WebUtility.HtmlDecode(field.Groups["value"].Value),
            }));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

            // B's session cookie works on A; A's bearer token works on B.
            using var tokenFromA = await toA.GetAsync("studio/api/token");
            Assert.Equal(HttpStatusCode.OK, tokenFromA.StatusCode);
            var token = (await tokenFromA.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
            using var bearerOnB = new HttpClient { BaseAddress = b.BaseAddress };
            bearerOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await bearerOnB.GetAsync("elsa/api/workflow-definitions")).StatusCode);

            Assert.Equal(1, await harness.ScalarAsync("SELECT count(*) FROM data_protection_keys"));
            Assert.All(homes, h => Assert.False(Directory.Exists(Path.Combine(h.FullName, ".aspnet", "DataProtection-Keys")), "a key in the node's own folder"));
        }
        finally
        {
            foreach (var home in homes)
            {
                home.Delete(recursive: true);
            }
        }
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken[^"]*|[^"]*Antiforgery[^"]*)" value="(?<value>[^"]*)" />""")]
    private static partial Regex AntiforgeryField();
}
