using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Api.Endpoints;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

[Collection(PostgresFixture.CollectionName)]
public sealed class IdempotencyTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task ErpTask_RepeatedKey_AnswersTheStoredResultWithoutASecondErpCall()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var body = new { leadId = ApiHarness.SeedLeadId };

        using var first = await world.Api.PostIdempotentAsync("/api/erp/tasks", body, "task-key-1");
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);

        using var repeat = await world.Api.PostIdempotentAsync("/api/erp/tasks", body, "task-key-1");
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(JsonNode.Parse(firstText)!.ToJsonString(), JsonNode.Parse(await repeat.Content.ReadAsStringAsync())!.ToJsonString());

        Assert.Single(await world.Control.GetErpTasksAsync());
        Assert.Single(await world.Control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks"));
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));
    }

    [Fact]
    public async Task Sync_RepeatedKey_TouchesNoVendor()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.AddOrderAsync("950001", "7005556677");
        var orders = await world.Api.NewOrdersAsync();
        var first = await world.Api.SyncAsync(orders, "sync-key-1");
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        await world.Control.ClearRequestsAsync(FakeVendor.Kaspi);

        var repeat = await world.Api.SyncAsync(orders, "sync-key-1");

        Assert.Equal(first.ToJsonString(), repeat.ToJsonString());
        Assert.Equal("created", repeat["orders"]![0]!["outcome"]!.GetValue<string>());
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.AmoCrm));
        Assert.Empty(await world.Control.GetRequestsAsync(FakeVendor.Kaspi));
    }

    [Fact]
    public async Task SameKey_DifferentBody_Is422()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using (var first = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "A", amount = 1 } }, "deal-key"))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // Member order and spacing do not count as a different body.
        using (var same = await world.Api.PostIdempotentAsync("/api/erp/deals", JsonNode.Parse("""{ "deal": { "amount": 1, "dealName": "A" } }""")!, "deal-key"))
        {
            Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        }

        using var other = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "B", amount = 1 } }, "deal-key");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Single(await world.Control.GetErpDealsAsync());
    }

    [Fact]
    public async Task ErpIdempotencyKey_IsPassedOn()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        using var response = await world.Api.PostIdempotentAsync("/api/erp/deals", new { deal = new { dealName = "Опт", amount = 990, leadId = 7 } }, "instance-1:node-3:0");

        var deal = Assert.Single(await world.Control.GetErpDealsAsync());
        Assert.Equal("instance-1:node-3:0", deal.IdempotencyKey);
        Assert.Equal("Опт", deal.Body.GetProperty("dealName").GetString());
        Assert.Equal(990, deal.Body.GetProperty("amount").GetInt32());
        Assert.Equal("Сделка из amoCRM №7", deal.Body.GetProperty("comment").GetString());
        Assert.Equal(deal.Id, (await response.JsonAsync())["erpId"]!.GetValue<long>());
    }

    [Fact]
    public async Task CallerHangsUpMidEffect_TheEffectFinishesAndIsRecorded_SoTheRetryIsAReplay()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var api = world.ProcessClient(await world.StartProcessAsync());
        await world.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { LatencyMs = 3000 });
        var body = new { deal = new { dealName = "Hang-up", amount = 5 } };

        // The caller (a workflow node killed mid-call) goes away while the ERP is still working on the deal.
        using (var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(1000)))
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/erp/deals") { Content = JsonContent.Create(body) })
        {
            request.Headers.Add(IdempotencyRunner.Header, "hang-up-key");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.SendAsync(request, hangUp.Token));
        }

        // A repeat sent meanwhile waits for the running request's answer and gets it: the effect was not cut off.
        using (var repeat = await api.PostIdempotentAsync("/api/erp/deals", body, "hang-up-key"))
        {
            Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
            Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        }

        Assert.Single(await world.Control.GetErpDealsAsync());
        Assert.Single(await world.Control.GetRequestsAsync(FakeVendor.Erp, "/api/deals"));
    }

    [Fact]
    public async Task ApiKilledAfterTheErpActedButBeforeItsAnswerWasStored_TheRetryOnANewProcessTakesTheKeyOver_AndMakesNoSecondDeal()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        // A repeat of a key held elsewhere is answered 409 after half a second, not the default 10 s of waiting.
        world.Settings["Api:IdempotencyWait"] = "00:00:00.5";
        var first = await world.StartProcessAsync();
        var body = new { deal = new { dealName = "Killed", amount = 7 } };

        // The ERP creates the deal and its answer is lost; the gateway process is killed around then. (The gateway sends each
        // ERP call once, the engine owns retries: whether the kill lands while the key is still held depends on timing.)
        await world.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { DropResponseRate = 1 });
        var call = world.ProcessClient(first).PostIdempotentAsync("/api/erp/deals", body, "killed-key");
        await Eventually.WaitUntilAsync(async () => (await world.Control.GetErpDealsAsync()).Count == 1, TimeSpan.FromSeconds(15), "the ERP to create the deal");
        first.Kill();
        try
        {
            (await call).Dispose();
        }
        catch (HttpRequestException)
        {
        }

        await world.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings());

        // A new process: a key still held by the dead one is told when to come back (within half a minute of the death, not
        // after a long lease); a released one runs again, with the same key.
        var api = world.ProcessClient(await world.StartProcessAsync());
        var retry = await api.PostIdempotentAsync("/api/erp/deals", body, "killed-key");
        if (retry.StatusCode == HttpStatusCode.Conflict)
        {
            // Told to come back once the dead process's lease has run out, and not much later.
            var wait = retry.Headers.RetryAfter!.Delta!.Value;
            output.WriteLine($"the key was still held: 409, Retry-After {wait.TotalSeconds} s");
            Assert.InRange(wait.TotalSeconds, 1, 31);
            Assert.True(wait.TotalSeconds >= await LeaseLeftSecondsAsync(world, "killed-key"), $"Retry-After {wait} comes before the lease runs out");
            retry.Dispose();

            // The lease runs out on PostgreSQL's clock (locked_until against now()): run it out instead of waiting for it.
            await world.ScalarAsync("UPDATE idempotency_records SET locked_until = now() - interval '1 millisecond' WHERE key = 'killed-key' AND state = 'in_progress'");
            retry = await api.PostIdempotentAsync("/api/erp/deals", body, "killed-key");
        }

        using var _ = retry;
        var answer = await retry.JsonAsync();
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);

        // The retry carried the same key to the ERP, which answered its first deal: still one.
        var deal = Assert.Single(await world.Control.GetErpDealsAsync());
        Assert.Equal(deal.Id, answer["erpId"]!.GetValue<long>());
        Assert.Equal("killed-key", deal.IdempotencyKey);
    }

    private static async Task<double> LeaseLeftSecondsAsync(ApiHarness world, string key)
    {
        await using var connection = new Npgsql.NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(max(extract(epoch FROM locked_until - now())), 0)::float8 FROM idempotency_records WHERE key = $1 AND state = 'in_progress'", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key });
        return (double)(await command.ExecuteScalarAsync())!;
    }
}
