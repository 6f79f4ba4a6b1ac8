extern alias fakes;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using fakes::Prometei.Fakes;
using fakes::Prometei.Fakes.Control;
using Prometei.EndToEndTests.Flows;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.EndToEndTests;

/// <summary>
/// PostgreSQL itself restarting, or down for a while, under running flows: the fakes, Prometei.Api and Prometei.Workflows
/// as processes on a PostgreSQL server of the test's own (the shared one is not restarted under other tests). The services
/// are never restarted: they must come back by themselves.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const string WebhookFlow = "amocrm-lead-status-to-erp";
    private const string CatchUpFlow = "amocrm-status-catch-up";
    private const string KaspiFlow = "kaspi-orders-to-amocrm";

    /// <summary>What the services log when they cannot reach the database; an outage may say so once or twice, not per poll.</summary>
    private static readonly string[] s_outageLines =
    [
        "The database is unavailable", "Claiming work failed", "Listening for database notifications failed", "Timer tick failed",
        "Sending incident alerts failed", "An unhandled exception has occurred", "Running workflow instance",
    ];

    [Fact]
    public async Task PostgresRestarted_WhileWebhooksArriveAndOrdersSync_EachTaskAndLeadOnce_ListenerBack_TimersFire()
    {
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Log = output.WriteLine });
        await using var system = await FlowsHarness.StartAsync(postgres, Settings(), definitionEdit: Faster);
        var control = system.Fakes.Control;
        using var amo = await AmoCrmApiAsync(system.Fakes);
        var leads = await CreateLeadsAsync(amo, 30);
        await SubscribeAsync(amo, system.Server.BaseAddress);

        var codes = new List<string>();
        await AddOrdersAsync(control, codes, 0, 20);

        // The leads move one every 150 ms (amoCRM sends each status hook); after the tenth PostgreSQL restarts (fast shutdown:
        // every connection of both services dropped), then the rest move and more orders arrive.
        var moved = 0;
        var moving = Task.Run(async () =>
        {
            foreach (var lead in leads)
            {
                await control.ChangeLeadStatusAsync(lead, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
                Interlocked.Increment(ref moved);
                await Task.Delay(TimeSpan.FromMilliseconds(150));
            }
        });
        await Eventually.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref moved) >= 10), TimeSpan.FromSeconds(30), "ten leads moved");
        var restart = Stopwatch.StartNew();
        await postgres.RestartAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"PostgreSQL restarted in {restart.ElapsedMilliseconds} ms after {Volatile.Read(ref moved)} leads moved (load {Load()})");
        await AddOrdersAsync(control, codes, 20, 20);
        await moving;

        await DiagnosedAsync(system, () => Eventually.WaitUntilAsync(async () => (await control.GetErpTasksAsync()).Count >= leads.Count
            && KaspiCodes(await control.GetAmoCrmLeadsAsync()).Where(codes.Contains).Distinct().Count() >= codes.Count,
            TimeSpan.FromSeconds(120), $"{leads.Count} ERP tasks and {codes.Count} Kaspi leads"));
        await system.Workflows.WaitForMoreFinishedAsync(CatchUpFlow, 2, TimeSpan.FromSeconds(60)); // nothing may be made twice
        await system.Workflows.WaitForMoreFinishedAsync(KaspiFlow, 2, TimeSpan.FromSeconds(60));

        var tasks = await control.GetErpTasksAsync();
        Assert.Equal(leads.Order(), tasks.Select(AmoCrmCatchUpTests.LeadOf).Order());
        Assert.Equal(leads.Count, tasks.Select(t => t.IdempotencyKey).Distinct().Count());
        var kaspiLeads = KaspiCodes(await control.GetAmoCrmLeadsAsync()).ToList();
        Assert.Empty(kaspiLeads.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.Equal(codes.Order(StringComparer.Ordinal), kaspiLeads.Where(codes.Contains).Order(StringComparer.Ordinal)); // (the fake also seeds orders)
        var accepted = (await control.GetWebhookDeliveriesAsync()).Where(d => d.Status == 200).Select(d => d.LeadId).Distinct().ToList();
        Assert.Subset(leads.ToHashSet(), accepted.ToHashSet());
        output.WriteLine($"hooks accepted {accepted.Count} of {leads.Count}; the rest came through the catch-up");

        await AssertNothingStuckAsync(system);
        Assert.True((await system.Workflows.InstancesAsync(KaspiFlow)).Count(i => i.CreatedAt > restartedAt) >= 3, "the Kaspi timer kept firing");
        Assert.True(await ListenerConnectionsAsync(system) >= 1, "the workflows node listens again on a connection opened after the restart");
        Assert.Contains("Listening for database notifications again", system.Server.Output, StringComparison.Ordinal);
        AssertFewOutageLines(system, max: 4);
    }

    [Fact]
    public async Task PostgresDown30Seconds_WebhooksRefused503AtOnce_HealthUnhealthy_NoVendorCallUnrecorded_ThenEverythingResumes()
    {
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Log = output.WriteLine });
        await using var system = await FlowsHarness.StartAsync(postgres, Settings(("Workflows__LeaseDuration", "00:00:10")), definitionEdit: Faster);
        var control = system.Fakes.Control;
        using var amo = await AmoCrmApiAsync(system.Fakes);
        var leads = await CreateLeadsAsync(amo, 17);
        var (before, inFlight, during, direct, untouched) = (leads[..5], leads[5..10], leads[10..15], leads[15], leads[16]);
        await control.SetAmoCrmBehaviorAsync(new AmoCrmBehavior { WebhookSingleAttempt = true });
        await SubscribeAsync(amo, system.Server.BaseAddress);
        var codes = new List<string>();
        await AddOrdersAsync(control, codes, 0, 10);
        await MoveAsync(control, before);
        await Eventually.WaitUntilAsync(async () => (await control.GetErpTasksAsync()).Count >= before.Count, TimeSpan.FromSeconds(60), "the first tasks");

        // The ERP answers slowly, so the next five tasks are in flight (recorded by the gateway, sent to the ERP) when the
        // database goes down; their answers must be recorded when it is back, not made again.
        await control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { LatencyMs = 3000 });
        await MoveAsync(control, inFlight);
        await Eventually.WaitUntilAsync(async () => (await control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks", "POST")).Count >= before.Count + 1,
            TimeSpan.FromSeconds(30), "an ERP task in flight");
        await postgres.ShutDownAsync();
        var down = Stopwatch.StartNew();
        output.WriteLine($"PostgreSQL down (load {Load()})");

        // Refused at once, with a problem, never 200 for what was not stored (amoCRM gives a hook 2 s).
        using var amoCrm = new HttpClient { BaseAddress = system.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 3; i++)
        {
            var asked = Stopwatch.StartNew();
            using var refused = await amoCrm.PostAsync(WebhookPath, FlowsHarness.StatusWebhook(direct, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1_800_000_000 + i));
            output.WriteLine($"webhook during the outage: {(int)refused.StatusCode} in {asked.ElapsedMilliseconds} ms (load {Load()})");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        // Readiness fails, liveness holds (the orchestrator must not restart the process for it).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await amoCrm.GetAsync("health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await amoCrm.GetAsync("alive")).StatusCode);
        using var apiProbe = new HttpClient { BaseAddress = system.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await apiProbe.GetAsync("health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await apiProbe.GetAsync("alive")).StatusCode);

        // The gateway calls no vendor it cannot record in its ledger.
        using (var call = new HttpRequestMessage(HttpMethod.Post, "api/erp/tasks") { Content = JsonContent.Create(new { leadId = untouched }) })
        {
            call.Headers.Add("Idempotency-Key", "database-outage-test:untouched");
            using var refused = await system.Gateway.SendAsync(call);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // amoCRM sends these hooks once and they are refused: the catch-up must make their tasks afterwards. Orders arrive too.
        await MoveAsync(control, during);
        await AddOrdersAsync(control, codes, 10, 10);
        await Eventually.WaitUntilAsync(async () => (await control.GetWebhookDeliveriesAsync()).Count(d => during.Contains(d.LeadId) && d.Status != 200) == during.Count,
            TimeSpan.FromSeconds(30), "the hooks of the outage refused");
        if (down.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromSeconds(30) - down.Elapsed); // the outage's length: the one deliberate wait
        }

        // What reached the ERP up to now is the tasks recorded before the outage (those in flight at the shutdown, answered
        // slowly, and their retries under the same keys): nothing for a lead that moved during it, nor the refused call.
        // (The fake journals a request when it is answered, so one in flight may appear after the shutdown.)
        var erpLeadsSoFar = (await control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks", "POST"))
            .Select(r => r.Body is { } body ? JsonNode.Parse(body)?["amoLeadId"]?.ToString() : null).ToHashSet();
        Assert.Subset(before.Concat(inFlight).Select(l => (string?)l.ToString(CultureInfo.InvariantCulture)).ToHashSet(), erpLeadsSoFar);
        await control.ClearFaultsAsync(FakeVendor.Erp);
        await postgres.StartAgainAsync();
        output.WriteLine($"PostgreSQL up after {down.Elapsed.TotalSeconds:F1} s (load {Load()})");

        // amoCRM redelivers the refused hook until it is taken; the services were not restarted.
        await Eventually.WaitUntilAsync(async () =>
        {
            using var answer = await amoCrm.PostAsync(WebhookPath, FlowsHarness.StatusWebhook(direct, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1_800_000_000));
            return answer.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the webhook accepted again");
        Assert.Equal(HttpStatusCode.OK, (await amoCrm.GetAsync("health")).StatusCode);

        long[] expected = [.. before, .. inFlight, .. during, direct];
        await DiagnosedAsync(system, () => Eventually.WaitUntilAsync(async () => (await control.GetErpTasksAsync()).Count >= expected.Length
            && KaspiCodes(await control.GetAmoCrmLeadsAsync()).Where(codes.Contains).Distinct().Count() >= codes.Count,
            TimeSpan.FromSeconds(120), $"{expected.Length} ERP tasks and {codes.Count} Kaspi leads"));
        await system.Workflows.WaitForMoreFinishedAsync(CatchUpFlow, 2, TimeSpan.FromSeconds(60));

        var held = system.Api.Output.Split('\n').Count(l => l.Contains("holding its answer", StringComparison.Ordinal));
        output.WriteLine($"effects done while the ledger was down, their answers held until it was back: {held}");
        var tasks = await control.GetErpTasksAsync();
        output.WriteLine("ERP tasks: " + string.Join(", ", tasks.Select(t => $"{AmoCrmCatchUpTests.LeadOf(t)}×{t.Replays + 1}")));
        Assert.Equal(expected.Order(), tasks.Select(AmoCrmCatchUpTests.LeadOf).Order());
        Assert.Equal(expected.Length, tasks.Select(t => t.IdempotencyKey).Distinct().Count());
        Assert.DoesNotContain(untouched, tasks.Select(AmoCrmCatchUpTests.LeadOf));
        var kaspiLeads = KaspiCodes(await control.GetAmoCrmLeadsAsync()).ToList();
        Assert.Empty(kaspiLeads.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => $"{g.Key}×{g.Count()}"));
        Assert.Equal(codes.Order(StringComparer.Ordinal), kaspiLeads.Where(codes.Contains).Order(StringComparer.Ordinal)); // (the fake also seeds orders)

        await AssertNothingStuckAsync(system);
        Assert.True(await ListenerConnectionsAsync(system) >= 1, "the workflows node listens again");
        AssertFewOutageLines(system, max: 4);
    }

    private const string WebhookPath = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
            ["Integration__WebhookStatuses"] = AmoCrmSeedIds.SendToErpStatusId.ToString(CultureInfo.InvariantCulture),
            ["Integration__RetryMaxDelay"] = "00:00:05", // vendor effects retried in seconds, not minutes, within the test
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The Kaspi poll every 3 s and the catch-up every 10 s instead of every minute and every 5 minutes.</summary>
    private static string Faster(string definition) => definition
        .Replace("\"0 * * * * *\"", "\"*/3 * * * * *\"", StringComparison.Ordinal)
        .Replace("\"0 */5 * * * *\"", "\"*/10 * * * * *\"", StringComparison.Ordinal);

    private static async Task MoveAsync(FakesControlClient control, IEnumerable<long> leads)
    {
        foreach (var lead in leads)
        {
            await control.ChangeLeadStatusAsync(lead, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId));
        }
    }

    private static async Task AddOrdersAsync(FakesControlClient control, List<string> codes, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            var code = (950000000 + n).ToString(CultureInfo.InvariantCulture);
            await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
            {
                Code = code,
                Customer = new KaspiCustomer("Клиент" + n.ToString(CultureInfo.InvariantCulture), "Тестов", "705" + (2000000 + n).ToString(CultureInfo.InvariantCulture)),
                CreationDate = DateTimeOffset.UtcNow.AddSeconds(-5),
            });
            codes.Add(code);
        }
    }

    private static IEnumerable<string> KaspiCodes(IEnumerable<FakeAmoLead> leads) =>
        leads.Select(l => l.Name.Split(' ').FirstOrDefault(p => p.Length == 9 && p.All(char.IsAsciiDigit))).OfType<string>();

    /// <summary>Every instance older than a poll period has finished, none faulted, and none holds a lease.</summary>
    private static async Task AssertNothingStuckAsync(FlowsHarness system)
    {
        Assert.Equal(0, await system.Workflows.ScalarAsync(
            "SELECT count(*) FROM workflow_instances WHERE status <> 'Finished' AND created_at < now() - interval '20 seconds'"));
        Assert.DoesNotContain(await system.Workflows.InstancesAsync(), i => i.SubStatus == "Faulted");
        Assert.DoesNotContain(await system.Workflows.InstancesAsync(WebhookFlow), i => i.Status != "Finished");
    }

    /// <summary>Connections of the workflows database whose last statement was a LISTEN: the engine's listener.</summary>
    private static Task<long> ListenerConnectionsAsync(FlowsHarness system) => system.Workflows.ScalarAsync(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'");

    private void AssertFewOutageLines(FlowsHarness system, int max)
    {
        foreach (var (name, log) in new[] { ("workflows", system.Server.Output), ("api", system.Api.Output) })
        {
            var lines = log.Split('\n').Where(l => s_outageLines.Any(m => l.Contains(m, StringComparison.Ordinal))).ToList();
            output.WriteLine($"{name}: {lines.Count} outage lines{Environment.NewLine}{string.Join(Environment.NewLine, lines.Take(10))}");
            Assert.True(lines.Count <= max, $"{name} logged the outage {lines.Count} times");
            Assert.DoesNotContain("Password=", log, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>On a timeout, what the system holds and what the services logged above Information, for the reader.</summary>
    private async Task DiagnosedAsync(FlowsHarness system, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException)
        {
            output.WriteLine($"ERP tasks {(await system.Fakes.Control.GetErpTasksAsync()).Count}, Kaspi leads {KaspiCodes(await system.Fakes.Control.GetAmoCrmLeadsAsync()).Count()}");
            foreach (var i in (await system.Workflows.InstancesAsync()).Where(i => i.Status != "Finished" || i.SubStatus != "Finished"))
            {
                output.WriteLine($"instance {i.Id} {i.DefinitionId} {i.Status}/{i.SubStatus} created {i.CreatedAt:HH:mm:ss.fff}");
            }

            await using (var ledger = new Npgsql.NpgsqlConnection(system.ApiDatabase))
            {
                await ledger.OpenAsync();
                await using var rows = new Npgsql.NpgsqlCommand(
                    "SELECT state, reserved_by IS NOT NULL, reserved_until > now(), write_sent_at IS NOT NULL, last_error, count(*) FROM processed_orders GROUP BY 1, 2, 3, 4, 5", ledger);
                await using var reader = await rows.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    output.WriteLine($"orders: state {reader.GetValue(0)} reserved {reader.GetValue(1)} unexpired {reader.GetValue(2)} sent {reader.GetValue(3)} error {reader.GetValue(4)}: {reader.GetValue(5)}");
                }
            }

            foreach (var (name, log) in new[] { ("workflows", system.Server.Output), ("api", system.Api.Output) })
            {
                foreach (var line in log.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Warning", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Error", StringComparison.Ordinal)
                    || l.Contains("Prometei.Api.Sync", StringComparison.Ordinal) || l.Contains("failed on attempt", StringComparison.Ordinal)).TakeLast(60))
                {
                    output.WriteLine($"{name}: {(line.Length > 600 ? line[..600] : line)}");
                }
            }

            throw;
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static Task<HttpClient> AmoCrmApiAsync(FakeVendorsServer fakes) => AmoCrmCatchUpTests.AmoCrmApiAsync(fakes);

    private static Task<List<long>> CreateLeadsAsync(HttpClient amo, int count) => AmoCrmCatchUpTests.CreateLeadsAsync(amo, count);

    private static Task SubscribeAsync(HttpClient amo, Uri node) => AmoCrmCatchUpTests.SubscribeAsync(amo, node);
}
