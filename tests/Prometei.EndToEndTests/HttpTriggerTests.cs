using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests;

/// <summary>HTTP endpoints and events on a running server process.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class HttpTriggerTests(PostgresFixture postgres)
{
    private const string ApiKey = "events-test-api-key-0123456789";
    private const string ApprovedSecret = "approved-event-secret-0123456789";

    private static readonly Dictionary<string, string?> s_eventCredentials = new()
    {
        ["Elsa__ApiKeys__0"] = ApiKey,
        ["Workflows__EventSecrets__0__Event"] = "approved",
        ["Workflows__EventSecrets__0__Secret"] = ApprovedSecret,
    };

    [Fact]
    public async Task Endpoints_UnknownPathWrongMethodAndLargeBody_Get404And405And413_AndCreateNothing()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("hook").HttpEndpoint("start", "hooks/{id}", "POST").Build());
        var server = await harness.StartNodeAsync("node-a", extra: new Dictionary<string, string?> { ["Workflows__MaxRequestBodyBytes"] = "1024" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var notFound = await http.PostAsync("workflows/nothing/here", null);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);

        var wrongMethod = await http.GetAsync("workflows/hooks/42");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("POST", wrongMethod.Content.Headers.Allow);

        var tooLarge = await http.PostAsync("workflows/hooks/42", new StringContent(new string('x', 2048), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "workflows/hooks/42")
        {
            Content = new StreamContent(new MemoryStream(new byte[4096])),
        };
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.SendAsync(chunked)).StatusCode);
        Assert.Empty(await harness.InstancesAsync());

        var ok = await http.PostAsync("workflows/hooks/42?x=1", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var id = (await ok.Content.ReadFromJsonAsync<JsonObject>())!["workflowInstanceId"]!.GetValue<string>();
        var instance = Assert.Single(await harness.InstancesAsync());
        Assert.Equal(id, instance.Id);
        Assert.Equal("42", instance.State["input"]!["route"]!["id"]!.GetValue<string>());
        Assert.Equal("1", instance.State["input"]!["query"]!["x"]!.GetValue<string>());
    }

    [Fact]
    public async Task Endpoint_ChunkedBodyLargerThanOneBuffer_ReachesTheInstanceIntact()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("hook").HttpEndpoint("start", "hooks/{id}", "POST").Build());
        var server = await harness.StartNodeAsync("node-a", extra: new Dictionary<string, string?> { ["Workflows__MaxRequestBodyBytes"] = "100000" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        // No Content-Length and multi-byte characters: the server's read buffer grows several times and chunks split characters.
        var body = string.Concat(Enumerable.Range(0, 3000).Select(i => $"заказ {i}; "));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "workflows/hooks/7")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))),
        };
        chunked.Headers.TransferEncodingChunked = true;

        var response = await http.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instance = Assert.Single(await harness.InstancesAsync());
        Assert.Equal(body, instance.State["input"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Endpoint_WithSharedSecret_WrongOrMissingSecretGets401AndStoresNothing()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("guarded")
            .Activity("start", "Elsa.HttpEndpoint", new()
            {
                ["path"] = Flow.Literal("guarded"),
                ["supportedMethods"] = Flow.ObjectJson("[\"POST\"]", "String"),
                ["secretQueryParameter"] = Flow.Literal("secret"),
                ["secretSetting"] = Flow.Literal("GUARD_SECRET"),
            }, trigger: true)
            .Build());
        var server = await harness.StartNodeAsync("node-a", extra: new Dictionary<string, string?> { ["GUARD_SECRET"] = "s3cr3t-value" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("workflows/guarded", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("workflows/guarded?secret=s3cr3t-valuf", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("workflows/guarded?secret=s3cr3t-value-and-more", null)).StatusCode);
        Assert.Empty(await harness.InstancesAsync());

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("workflows/guarded?secret=s3cr3t-value", null)).StatusCode);
        var stored = Assert.Single(await harness.InstancesAsync());
        Assert.DoesNotContain("s3cr3t-value", stored.State.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_WithWriteHttpResponse_CallerGetsTheWorkflowsAnswer_WithoutCredentialsInInput()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("hello")
            .HttpEndpoint("start", "hello", "GET")
            .Activity("answer", "Elsa.WriteHttpResponse", new()
            {
                ["statusCode"] = Flow.Literal(201, "Int32"),
                ["content"] = Flow.CSharp("\"Hello, \" + Input.query.name"),
                ["contentType"] = Flow.Literal("text/plain"),
            })
            .Chain("start", "answer")
            .Build());
        var server = await harness.StartNodeAsync("node-a");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "workflows/hello?name=Aigerim");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer super-secret-token");
        request.Headers.TryAddWithoutValidation("Cookie", "session=also-secret");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hello, Aigerim", await response.Content.ReadAsStringAsync());
        var stored = Assert.Single(await harness.InstancesAsync("hello"));
        var headers = stored.State["input"]!["headers"]!.AsObject();
        Assert.DoesNotContain(headers, h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("super-secret-token", stored.State.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_InstanceFaultsBeforeItsResponse_CallerGets500ProblemAtOnce()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("faults")
            .HttpEndpoint("start", "faults", "GET")
            .Activity("boom", "Elsa.Fault", new() { ["message"] = Flow.Literal("secret-detail") })
            .Activity("answer", "Elsa.WriteHttpResponse", new() { ["statusCode"] = Flow.Literal("OK") })
            .Chain("start", "boom", "answer")
            .Build());
        // A timeout far beyond the test's patience: only an answer on the fault itself passes.
        var server = await harness.StartNodeAsync("node-a", extra: new Dictionary<string, string?> { ["Workflows__HttpResponseTimeout"] = "00:10:00" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        // How fast is a benchmark figure (engine suite, phase "faulted": faulted_http_answer_p50_ms/p99_ms), not a timed assert;
        // with a 10-minute response timeout, any answer within the client's 2 minutes came on the fault itself.
        var response = await http.GetAsync("workflows/faults");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var instances = await harness.InstancesAsync("faults");
        Assert.Contains(instances, i => i.Id == JsonNode.Parse(text)!["workflowInstanceId"]!.GetValue<string>());
        Assert.DoesNotContain("secret-detail", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_JavaScriptAndEnumNameStatus_AnswerAsInElsa()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("js-hello")
            .HttpEndpoint("start", "js-hello", "GET")
            .Activity("answer", "Elsa.WriteHttpResponse", new()
            {
                ["statusCode"] = Flow.Literal("Accepted", "System.Net.HttpStatusCode, System.Net.Primitives"),
                ["content"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "`Hello, ${getInput('query').name}`" } },
                ["contentType"] = Flow.Literal("text/plain"),
            })
            .Chain("start", "answer")
            .Build());
        var server = await harness.StartNodeAsync("node-a");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await http.GetAsync("workflows/js-hello?name=Aigerim");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Hello, Aigerim", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Event_StartsTriggeredWorkflowsAndResumesWaitingInstances_OnceForARepeatedKey()
    {
        await using var recorder = await Recorder.StartAsync();
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("on-order")
            .Activity("event", "Elsa.Event", new() { ["eventName"] = Flow.Literal("crm/order-created") }, trigger: true)
            .Activity("call", "Elsa.SendHttpRequest", new()
            {
                ["url"] = Flow.Literal(new Uri(recorder.BaseAddress, "orders").ToString()),
                ["method"] = Flow.Literal("POST"),
                ["content"] = Flow.CSharp("new { amount = Input.amount }"),
            })
            .Chain("event", "call")
            .Build());
        harness.AddDefinition(Flow.Create("approval")
            .HttpEndpoint("start", "approval", "POST")
            .Activity("wait", "Elsa.Event", new() { ["eventName"] = Flow.Literal("approved") })
            .Activity("done", "Elsa.WriteLine", new() { ["text"] = Flow.Literal("approved") })
            .Chain("start", "wait", "done")
            .Build());
        var server = await harness.StartNodeAsync("node-a", extra: s_eventCredentials);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", ApiKey);

        (await http.PostAsync("workflows/approval", null)).EnsureSuccessStatusCode();
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync("approval")).Any(i => i.SubStatus == "Suspended"),
            TimeSpan.FromSeconds(20), "the approval to wait");

        using var first = new HttpRequestMessage(HttpMethod.Post, "workflows/events/crm/order-created") { Content = JsonContent.Create(new { amount = 1500 }) };
        first.Headers.Add("Idempotency-Key", "evt-1");
        var started = await (await http.SendAsync(first)).Content.ReadFromJsonAsync<JsonObject>();
        using var repeat = new HttpRequestMessage(HttpMethod.Post, "workflows/events/crm/order-created") { Content = JsonContent.Create(new { amount = 1500 }) };
        repeat.Headers.Add("Idempotency-Key", "evt-1");
        var repeated = await (await http.SendAsync(repeat)).Content.ReadFromJsonAsync<JsonObject>();
        // The "approved" event's own secret stands in for the API key.
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var approve = new HttpRequestMessage(HttpMethod.Post, "workflows/events/approved") { Content = JsonContent.Create(new { by = "operator" }) };
        approve.Headers.Add("X-Event-Secret", ApprovedSecret);
        var resumed = await (await anonymous.SendAsync(approve)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Single(started!["startedInstanceIds"]!.AsArray());
        Assert.Equal(started.ToJsonString(), repeated!.ToJsonString());
        Assert.Single(resumed!["resumedInstanceIds"]!.AsArray());
        await WorkflowServerHarness.WaitUntilAsync(async () => (await harness.InstancesAsync()).All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(20), "both flows to finish");
        Assert.Single(await harness.InstancesAsync("on-order"));
        Assert.Single(recorder.Deliveries);
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM bookmarks"));

        var bad = await http.PostAsync("workflows/events/approved", new StringContent("[1,2]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Event_WithoutTheApiKeyOrItsSecret_Is401_AndStoresNothing()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        harness.AddDefinition(Flow.Create("on-order")
            .Activity("event", "Elsa.Event", new() { ["eventName"] = Flow.Literal("crm/order-created") }, trigger: true)
            .Build());
        harness.AddDefinition(Flow.Create("on-approved")
            .Activity("event", "Elsa.Event", new() { ["eventName"] = Flow.Literal("approved") }, trigger: true)
            .Build());
        var server = await harness.StartNodeAsync("node-a", extra: s_eventCredentials);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        async Task<HttpStatusCode> SendAsync(string name, string? authorization = null, string? secretHeader = null, string query = "")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"workflows/events/{name}{query}") { Content = JsonContent.Create(new { amount = 1 }) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (secretHeader is not null)
            {
                request.Headers.Add("X-Event-Secret", secretHeader);
            }

            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("crm/order-created"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("crm/order-created", authorization: "ApiKey " + ApiKey + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("crm/order-created", authorization: "Bearer " + ApiKey));
        // Another event's secret opens only that event.
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("crm/order-created", secretHeader: ApprovedSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("approved", secretHeader: ApprovedSecret[..^1]));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("approved", query: "?secret=" + ApprovedSecret + "0"));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM event_receipts"));
        Assert.Equal(0, await harness.ScalarAsync("SELECT count(*) FROM work_items"));

        Assert.Equal(HttpStatusCode.OK, await SendAsync("crm/order-created", authorization: "ApiKey " + ApiKey));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("approved", secretHeader: ApprovedSecret));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("approved", query: "?secret=" + ApprovedSecret));
        Assert.Equal(3, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
    }
}
