using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.Api.IntegrationTests;

/// <summary>Every endpoint answers bad input with a 4xx problem+json (logged), never a crash.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class BadInputTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const string Json = "application/json";

    /// <summary>Name → (method, path, body, content type, credentials, with an Idempotency-Key, expected status).</summary>
    private static readonly Dictionary<string, (string Method, string Path, string? Body, string? ContentType, string Auth, bool Key, int Status)> s_cases = new()
    {
        // The workflows' API: no key, a wrong key, and every kind of bad body.
        ["lead: no API key"] = ("GET", "/api/amocrm/leads/24681357", null, null, "none", false, 401),
        ["lead: wrong API key"] = ("GET", "/api/amocrm/leads/24681357", null, null, "wrong-key", false, 401),
        ["lead: admin is not an API key"] = ("GET", "/api/amocrm/leads/24681357", null, null, "admin", false, 401),
        ["lead: id zero"] = ("GET", "/api/amocrm/leads/0", null, null, "key", false, 400),
        ["lead: id not a number"] = ("GET", "/api/amocrm/leads/abc", null, null, "key", false, 404),
        ["contact search: no phone"] = ("POST", "/api/amocrm/contacts/search", "{}", Json, "key", false, 400),
        ["contact search: not a phone"] = ("POST", "/api/amocrm/contacts/search", """{"phone":"12"}""", Json, "key", false, 400),
        ["contact search: not JSON"] = ("POST", "/api/amocrm/contacts/search", "phone=7071234567", "application/x-www-form-urlencoded", "key", false, 415),
        ["contact: no name"] = ("POST", "/api/amocrm/contacts", """{"phone":"7071234567"}""", Json, "key", true, 400),
        ["contact: wrong type"] = ("POST", "/api/amocrm/contacts", """{"name":5}""", Json, "key", true, 400),
        ["contact: no Idempotency-Key"] = ("POST", "/api/amocrm/contacts", """{"name":"Имя"}""", Json, "key", false, 400),
        ["note: empty text"] = ("POST", "/api/amocrm/leads/24681357/notes", """{"text":""}""", Json, "key", true, 400),
        ["note: broken JSON"] = ("POST", "/api/amocrm/leads/24681357/notes", """{"text":""", Json, "key", true, 400),
        ["new orders: no since"] = ("POST", "/api/kaspi/orders/new", "{}", Json, "key", false, 400),
        ["new orders: since nonsense"] = ("POST", "/api/kaspi/orders/new", """{"since":"yesterday"}""", Json, "key", false, 400),
        ["new orders: until before since"] = ("POST", "/api/kaspi/orders/new", """{"since":"2024-11-20","until":"2024-11-01"}""", Json, "key", false, 400),
        ["new orders: range too long"] = ("POST", "/api/kaspi/orders/new", """{"since":"2020-01-01"}""", Json, "key", false, 400),
        ["new orders: body is an array"] = ("POST", "/api/kaspi/orders/new", "[]", Json, "key", false, 400),
        ["sync: no orders"] = ("POST", "/api/kaspi/orders/sync", """{"orders":[]}""", Json, "key", true, 400),
        ["sync: order without code"] = ("POST", "/api/kaspi/orders/sync", """{"orders":[{"totalPrice":5}]}""", Json, "key", true, 400),
        ["sync: negative total"] = ("POST", "/api/kaspi/orders/sync", """{"orders":[{"code":"1","totalPrice":-5}]}""", Json, "key", true, 400),
        ["sync: total not a number"] = ("POST", "/api/kaspi/orders/sync", """{"orders":[{"code":"1","totalPrice":"lots"}]}""", Json, "key", true, 400),
        ["sync: orders not an array"] = ("POST", "/api/kaspi/orders/sync", """{"orders":{"code":"1"}}""", Json, "key", true, 400),
        ["sync: bad code"] = ("POST", "/api/kaspi/orders/sync", """{"codes":["../etc"]}""", Json, "key", true, 400),
        ["sync: no Idempotency-Key"] = ("POST", "/api/kaspi/orders/sync", """{"codes":["1"]}""", Json, "key", false, 400),
        ["sync: empty body"] = ("POST", "/api/kaspi/orders/sync", "", Json, "key", true, 400),
        ["reconcile: no from"] = ("POST", "/api/kaspi/reconcile", "{}", Json, "key", true, 400),
        ["reconcile: to before from"] = ("POST", "/api/kaspi/reconcile", """{"from":"2024-11-20","to":"2024-11-19"}""", Json, "key", true, 400),
        ["erp task: nothing"] = ("POST", "/api/erp/tasks", "{}", Json, "key", true, 400),
        ["erp task: two sources"] = ("POST", "/api/erp/tasks", """{"leadId":1,"payload":{}}""", Json, "key", true, 400),
        ["erp task: lead id text"] = ("POST", "/api/erp/tasks", """{"leadId":"x"}""", Json, "key", true, 400),
        ["erp task: lead not an object"] = ("POST", "/api/erp/tasks", """{"lead":[1]}""", Json, "key", true, 400),
        ["erp deal: nothing"] = ("POST", "/api/erp/deals", """{"other":1}""", Json, "key", true, 400),
        ["erp deal: no Idempotency-Key"] = ("POST", "/api/erp/deals", """{"deal":{}}""", Json, "key", false, 400),
        ["alert: no message"] = ("POST", "/api/alerts", """{"condition":"x"}""", Json, "key", true, 400),
        ["alert: bad condition"] = ("POST", "/api/alerts", """{"message":"m","condition":"a b/c"}""", Json, "key", true, 400),
        ["alert: no key"] = ("POST", "/api/alerts", """{"message":"m"}""", Json, "none", true, 401),
        ["unknown route"] = ("GET", "/api/nothing-here", null, null, "key", false, 404),
        ["wrong method"] = ("DELETE", "/api/kaspi/orders/sync", null, null, "key", false, 405),

        // Operations.
        ["health: no credentials"] = ("GET", "/health", null, null, "none", false, 401),
        ["stats: API key is not admin"] = ("GET", "/ops/stats", null, null, "key", false, 401),
        ["errors: page zero"] = ("GET", "/ops/errors?page=0", null, null, "admin", false, 400),
        ["errors: page size too big"] = ("GET", "/ops/errors?pageSize=100000", null, null, "admin", false, 400),
        ["errors: page not a number"] = ("GET", "/ops/errors?page=abc", null, null, "admin", false, 400),
        ["purge: negative days"] = ("POST", "/ops/errors/purge", """{"olderThanDays":-1}""", Json, "admin", false, 400),
        ["purge: broken JSON"] = ("POST", "/ops/errors/purge", "{", Json, "admin", false, 400),
        ["unlock: name a number"] = ("POST", "/ops/locks/unlock", """{"name":5}""", Json, "admin", false, 400),
        ["exchange: no code"] = ("POST", "/ops/amocrm/oauth/exchange", """{"code":""}""", Json, "admin", false, 400),
        ["exchange: unknown code"] = ("POST", "/ops/amocrm/oauth/exchange", """{"code":"not-a-code"}""", Json, "admin", false, 502),
        ["exchange: no credentials"] = ("POST", "/ops/amocrm/oauth/exchange", """{"code":"x"}""", Json, "none", false, 401),
        ["ids: no credentials"] = ("GET", "/ops/amocrm/ids", null, null, "none", false, 401),
        ["probe: no credentials"] = ("GET", "/ops/kaspi/probe", null, null, "none", false, 401),
        ["connect: no credentials"] = ("GET", "/oauth/amocrm/connect", null, null, "none", false, 401),
        ["callback: no code"] = ("GET", "/oauth/amocrm/callback?state=x", null, null, "none", false, 400),
        ["callback: unknown state"] = ("GET", "/oauth/amocrm/callback?code=abc&state=forged", null, null, "none", false, 400),
    };

    [Fact]
    public async Task EveryEndpoint_BadInput_IsA4xxProblem()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var failures = new List<string>();
        foreach (var (name, c) in s_cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
            if (c.Body is not null)
            {
                request.Content = new StringContent(c.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = c.ContentType is null ? null : new MediaTypeHeaderValue(c.ContentType);
            }

            switch (c.Auth)
            {
                case "key":
                    request.Headers.Add("X-Api-Key", ApiHarness.InternalKey);
                    break;
                case "wrong-key":
                    request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", "not-the-key-not-the-key");
                    break;
                case "admin":
                    request.Headers.Authorization = ApiHarness.BasicAdmin();
                    break;
            }

            if (c.Key)
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }

            using var response = await world.Anonymous.SendAsync(request);
            var type = response.Content.Headers.ContentType?.MediaType;
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{name}: {(int)response.StatusCode} {type}");
            if ((int)response.StatusCode != c.Status || type != "application/problem+json" || !text.Contains("\"status\"", StringComparison.Ordinal))
            {
                failures.Add($"{name}: expected {c.Status} problem+json, got {(int)response.StatusCode} {type}: {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains("Rejected POST /api/kaspi/orders/sync with 400", world.Logs.Text, StringComparison.Ordinal);
        Assert.Contains("Refused GET /api/amocrm/leads/24681357: credentials missing or wrong", world.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected failure", world.Logs.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await world.Api.GetAsync("/api/amocrm/leads/24681357")).StatusCode);
    }
}
