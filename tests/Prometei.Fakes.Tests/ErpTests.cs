using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Prometei.Fakes.Tests;

public sealed class ErpTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_result_and_creates_nothing()
    {
        var fakes = Fakes;
        using var http = fakes.Erp();
        var task = new { title = "Отгрузить заказ 785512309", amoLeadId = 24681357 };

        using var first = await PostAsync(http, "api/tasks", task, "wf-1:node-7:0");
        using var repeat = await PostAsync(http, "api/tasks", task, "wf-1:node-7:0");
        using var other = await PostAsync(http, "api/tasks", task, "wf-2:node-7:0");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        var id = (await first.JsonAsync())["id"]!.GetValue<long>();
        Assert.Equal(id, (await repeat.JsonAsync())["id"]!.GetValue<long>());
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.NotEqual(id, (await other.JsonAsync())["id"]!.GetValue<long>());
        var tasks = await fakes.Control.GetErpTasksAsync();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(1, tasks[0].Replays);
        Assert.Equal("Отгрузить заказ 785512309", tasks[0].Body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        var fakes = Fakes;
        using var http = fakes.Erp();

        using var first = await PostAsync(http, "api/deals", new { amount = 1000 }, "k");
        using var changed = await PostAsync(http, "api/deals", new { amount = 2000 }, "k");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Single(await fakes.Control.GetErpDealsAsync());
    }

    [Fact]
    public async Task Requests_need_an_api_key_or_basic_credentials()
    {
        var fakes = Fakes;
        using var anonymous = fakes.Erp(withKey: false);
        using var basic = fakes.Erp(withKey: false);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fakes.Options.Erp.Username}:{fakes.Options.Erp.Password}")));
        using var key = fakes.Erp();

        using var refused = await anonymous.PostAsJsonAsync("api/tasks", new { title = "x" });
        using var viaBasic = await basic.PostAsJsonAsync("api/tasks", new { title = "x" });
        using var viaKey = await key.PostAsJsonAsync("api/deals", new { title = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, viaBasic.StatusCode);
        Assert.Equal(HttpStatusCode.Created, viaKey.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_a_json_object_is_a_400_and_a_stored_task_reads_back()
    {
        var fakes = Fakes;
        using var http = fakes.Erp();

        using var array = await http.PostAsJsonAsync("api/tasks", new[] { 1, 2 });
        using var created = await http.PostAsJsonAsync("api/tasks", new { title = "Позвонить" });
        var id = (await created.JsonAsync())["id"]!.GetValue<long>();
        using var read = await http.GetAsync($"api/tasks/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Equal("Позвонить", (await read.JsonAsync())["title"]!.GetValue<string>());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }
}
