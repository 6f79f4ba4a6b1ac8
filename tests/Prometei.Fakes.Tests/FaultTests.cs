using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Prometei.Fakes.Control;

namespace Prometei.Fakes.Tests;

public sealed class FaultTests(FakesFixture fixture) : FakesTest(fixture), IClassFixture<FakesFixture>
{
    [Fact]
    public async Task A_dropped_connection_surfaces_as_HttpRequestException_and_is_recorded()
    {
        var fakes = Fakes;
        using var http = fakes.Kaspi();
        await fakes.Control.SetFaultsAsync(FakeVendor.Kaspi, new FaultSettings { DropConnectionRate = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(fakes.KaspiGet("orders/x")));

        var recorded = Assert.Single(await fakes.Control.GetRequestsAsync(FakeVendor.Kaspi));
        Assert.Equal(0, recorded.Status);
        Assert.Equal("drop", recorded.Fault);
    }

    [Fact]
    public async Task A_hanging_request_times_out_at_the_client_and_is_never_handled()
    {
        var (fakes, clock) = await StartOnFakeClockAsync();
        await using var _ = fakes;
        using var http = fakes.Erp();
        http.Timeout = TimeSpan.FromMilliseconds(500);
        await fakes.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { TimeoutRate = 1, TimeoutMs = 3000, PathPrefix = "/api/tasks" });

        await Assert.ThrowsAsync<TaskCanceledException>(() => http.PostAsJsonAsync("api/tasks", new { title = "Отгрузить заказ 785512310" }));
        // The fakes' clock stands still, so the hang can only end by the client's abort: the journal records the request once
        // the middleware is done with it. Moving past the hang afterwards changes nothing.
        var recorded = Assert.Single(await RecordedAsync(fakes, FakeVendor.Erp, "/api/tasks"));
        clock.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Empty(await fakes.Control.GetErpTasksAsync());
        Assert.Equal(0, recorded.Status);
        Assert.Equal("timeout", recorded.Fault);
    }

    [Fact]
    public async Task A_lost_answer_still_has_its_effect()
    {
        var fakes = Fakes;
        using var http = fakes.Erp();
        await fakes.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { DropResponseRate = 1, PathPrefix = "/api/tasks" });

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsJsonAsync("api/tasks", new { title = "Отгрузить заказ 785512309" }));

        Assert.Single(await fakes.Control.GetErpTasksAsync());
    }

    [Fact]
    public async Task A_seeded_5xx_rate_fails_the_same_requests_every_run()
    {
        var fakes = Fakes;
        using var http = fakes.Erp();

        async Task<List<HttpStatusCode>> RunAsync()
        {
            await fakes.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { Status5xxRate = 0.5, Status5xxCode = 502, Seed = 42 });
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await http.GetAsync("api/tasks/1");
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.BadGateway, first);
        Assert.Contains(HttpStatusCode.NotFound, first);
    }

    [Fact]
    public async Task Latency_delays_every_answer()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        await fakes.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { LatencyMs = 300 });

        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync("api/v4/account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_429_storm_refuses_everything_until_it_passes()
    {
        var (fakes, clock) = await StartOnFakeClockAsync();
        await using var _ = fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        await fakes.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { Storm429Seconds = 0.5 });

        using var during = await http.GetAsync("api/v4/account");
        clock.Advance(TimeSpan.FromSeconds(0.5) - TimeSpan.FromTicks(1));
        using var stillDuring = await http.GetAsync("api/v4/account");
        clock.Advance(TimeSpan.FromTicks(1));
        using var after = await http.GetAsync("api/v4/account");

        Assert.Equal(HttpStatusCode.TooManyRequests, during.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillDuring.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("storm-429", (await fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm)).First().Fault);
    }

    [Fact]
    public async Task Faults_can_be_limited_to_one_path_and_method()
    {
        var fakes = Fakes;
        using var http = await fakes.ConnectedAmoCrmAsync();
        await fakes.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { Status429Rate = 1, PathPrefix = "/api/v4/leads/complex", Method = "POST" });

        using var other = await http.GetAsync("api/v4/account");
        using var complex = await http.PostAsJsonAsync("api/v4/leads/complex", AmoCrmLeadsTests.ComplexLeads(1));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, complex.StatusCode);
    }

    [Fact]
    public async Task Invalid_fault_settings_are_refused()
    {
        var fakes = Fakes;

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => fakes.Control.SetFaultsAsync(FakeVendor.Kaspi, new FaultSettings { Status5xxRate = 2 }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task The_journal_keeps_bodies_and_statuses_but_not_secrets()
    {
        var fakes = Fakes;
        var (access, _) = await fakes.ConnectAmoCrmAsync();
        using var amo = fakes.AmoCrm(access);
        using var kaspi = fakes.Kaspi();
        using var _ = await amo.PostAsJsonAsync("api/v4/contacts", new[] { new { name = "Тимур" } });
        await fakes.SendKaspiAsync(kaspi, "orders/unknown");

        var token = (await fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/oauth2/")).Single();
        var contact = (await fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/contacts", "POST")).Single();
        var order = (await fakes.Control.GetRequestsAsync(FakeVendor.Kaspi)).Single();

        Assert.DoesNotContain(fakes.Options.AmoCrm.ClientSecret, token.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain(fakes.Options.AmoCrm.AuthorizationCode!, token.Body!, StringComparison.Ordinal);
        Assert.Equal(200, token.Status);
        Assert.Equal("Bearer ***", contact.Headers["Authorization"]);
        Assert.Equal("Тимур", System.Text.Json.Nodes.JsonNode.Parse(contact.Body!)![0]!["name"]!.GetValue<string>());
        Assert.Equal(200, contact.Status);
        Assert.Equal("***", order.Headers["X-Auth-Token"]);
        Assert.Equal("/shop/api/v2/orders/unknown", order.Path);
        Assert.Equal(404, order.Status);
    }

    [Fact]
    public async Task Reset_restores_the_seeded_start()
    {
        var fakes = Fakes;
        await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder());
        await fakes.Control.AddAmoCrmContactAsync(new NewFakeAmoContact { Name = "Временный" });
        await fakes.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { Status5xxRate = 1 });

        await fakes.Control.ResetAsync();

        Assert.Empty(await fakes.Control.GetKaspiOrdersAsync());
        Assert.Equal(5, (await fakes.Control.GetAmoCrmContactsAsync()).Count);
        Assert.Equal(0, (await fakes.Control.GetFaultsAsync(FakeVendor.Erp)).Status5xxRate);
    }

    /// <summary>The journal's entries under <paramref name="path"/>, waiting (for the event, at most 10 s) until there is one.</summary>
    private static async Task<IReadOnlyList<RecordedRequest>> RecordedAsync(FakeVendorsServer fakes, FakeVendor vendor, string path)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var recorded = await fakes.Control.GetRequestsAsync(vendor, path);
            if (recorded.Count > 0 || DateTime.UtcNow > until)
            {
                return recorded;
            }

            await Task.Delay(20);
        }
    }
}
