using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Prometei.Benchmarks.Engine;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Benchmarks.Gateway;

/// <summary>
/// The <c>gateway</c> suite: its own PostgreSQL, the vendor fakes (amoCRM enforcing 7 requests/s with 429) and
/// Prometei.Api as a real process (the build of this configuration). A backlog of 1,000 Kaspi orders (700 customers,
/// repeat customers in other phone formats) is read, synced and the watermark advanced by <c>POST /api/kaspi/orders/poll</c>
/// calls, one per batch of <c>Kaspi:PollBatch</c> orders, as the workflow's first timer slot after downtime does. Figures: amoCRM and Kaspi requests per order, 429s,
/// and the seconds from the poll to the last lead. Options: <c>orders=N</c>, <c>customers=N</c>, <c>rps=N</c>.
/// </summary>
internal static class GatewayBenchmark
{
    public const double RequestsPerOrderTarget = 0.1;
    public const double BacklogSecondsTarget = 30;
    public const double KaspiRequestsPerOrderTarget = 1.1;

    public static async Task<int> RunAsync(string[] args)
    {
        var orders = Option(args, "orders", 1000);
        var customers = Option(args, "customers", 700);
        var rps = Option(args, "rps", 7);
        var report = new Report();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        Report.Progress("starting PostgreSQL, the fakes and Prometei.Api");
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions(), cts.Token);
        var connectionString = await postgres.CreateDatabaseAsync("gateway_bench", cts.Token);
        var fakeOptions = new FakeVendorsOptions { Seed = 1 };
        fakeOptions.AmoCrm.Behavior = fakeOptions.AmoCrm.Behavior with { RequestsPerSecond = rps };
        await using var fakes = await FakeVendors.StartAsync(fakeOptions, cts.Token);
        var tokens = await fakes.Control.IssueTokensAsync(cts.Token);
        var keys = Path.Combine(Path.GetTempPath(), "prometei-gateway-bench-keys-" + Guid.NewGuid().ToString("N"));
        await using var api = await ServiceProcess.StartAsync("Prometei.Api", new Dictionary<string, string?>(fakes.ApiEnvironment(tokens))
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__integration"] = connectionString,
            ["DataProtection__KeysPath"] = keys,
            ["AMO_RPS"] = rps.ToString(CultureInfo.InvariantCulture),
            ["API_INTERNAL_KEY"] = "gateway-benchmark-internal-key",
            ["ADMIN_BASIC_PASS"] = "gateway-benchmark-admin",
            ["Logging__LogLevel__Default"] = "Warning",
        }, readyPath: "/health/ready", timeout: TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", "gateway-benchmark-internal-key");

        Report.Progress($"seeding {orders} Kaspi orders from {customers} customers");
        var created = DateTimeOffset.UtcNow.AddMinutes(-30);
        await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cts.Token }, async (i, ct) =>
        {
            var customer = i % customers;
            var digits = "70" + (40_000_000 + customer).ToString(CultureInfo.InvariantCulture);
            await fakes.Control.AddKaspiOrderAsync(new NewFakeKaspiOrder
            {
                Code = (800_000_000 + i).ToString(CultureInfo.InvariantCulture),
                CreationDate = created.AddSeconds(i),
                Customer = new KaspiCustomer("Покупатель", customer.ToString(CultureInfo.InvariantCulture), i < customers ? digits : "8" + digits),
                Entries = [new NewFakeKaspiEntry { OfferCode = "SKU-" + (i % 40).ToString(CultureInfo.InvariantCulture), OfferName = "Товар", Quantity = 1 + (i % 3), BasePrice = 4990m }],
            }, ct);
        });
        await fakes.Control.ClearRequestsAsync(FakeVendor.AmoCrm, cts.Token);
        await fakes.Control.ClearRequestsAsync(FakeVendor.Kaspi, cts.Token);

        Report.Progress("polling and syncing the backlog as the workflow's timer slot does: one gateway call per batch while a backlog is left");
        var stopwatch = Stopwatch.StartNew();
        var until = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var calls = 0;
        var fresh = 0;
        var leadsMade = 0;
        var contactsMade = 0;
        JsonObject result;
        do
        {
            calls++;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/kaspi/orders/poll")
            {
                Content = JsonContent.Create(new JsonObject { ["until"] = until, ["firstPollDays"] = 1 }),
            };
            request.Headers.Add("Idempotency-Key", calls == 1 ? "gateway-benchmark-backlog" : $"gateway-benchmark-backlog:{calls}");
            using var sync = await http.SendAsync(request, cts.Token);
            sync.EnsureSuccessStatusCode();
            result = (await sync.Content.ReadFromJsonAsync<JsonObject>(cts.Token))!;
            fresh += result["new"]!.GetValue<int>();
            leadsMade += result["created"]!.GetValue<int>();
            contactsMade += result["contactsCreated"]!.GetValue<int>();
        }
        while (result["left"]!.GetValue<int>() > 0 && calls < 100);

        var seconds = stopwatch.Elapsed.TotalSeconds;

        var amo = await fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, "/api/v4/", cancellationToken: cts.Token);
        var kaspi = await fakes.Control.GetRequestsAsync(FakeVendor.Kaspi, cancellationToken: cts.Token);
        var leads = (await fakes.Control.GetAmoCrmLeadsAsync(cts.Token)).Count(l => l.Id != AmoCrmSeedIds.SeedLeadId);
        var tooMany = amo.Count(r => r.Status == 429);
        var perOrder = (double)amo.Count / orders;
        if (tooMany > 0)
        {
            // What amoCRM saw around each 429, to tell a limiter fault from a fake's hiccup.
            var ordered = amo.OrderBy(r => r.Sequence).ToList();
            foreach (var i in Enumerable.Range(0, ordered.Count).Where(i => ordered[i].Status == 429))
            {
                foreach (var r in ordered.Skip(Math.Max(0, i - 8)).Take(10))
                {
                    Report.Progress($"  {r.Time:HH:mm:ss.fff} #{r.Sequence} {r.Method} {r.Path} → {r.Status} ({r.DurationMs:0} ms)");
                }
            }
        }

        report.Header($"# gateway: {orders} Kaspi orders ({customers} customers) polled and synced to amoCRM through Prometei.Api at {rps} requests/s");
        report.Header($"# {fresh} new orders in {calls} gateway calls ({kaspi.Count} Kaspi requests: {kaspi.Count(r => r.Path.Contains("/entries", StringComparison.Ordinal))} entry reads, the rest pages); amoCRM: {string.Join(", ", amo.GroupBy(r => r.Method + " " + r.Path.Split('?')[0]).Select(g => $"{g.Key} × {g.Count()}"))}");
        report.Header($"# targets: amocrm_requests_per_order <= {Report.F(RequestsPerOrderTarget)}, kaspi_requests_per_order <= {Report.F(KaspiRequestsPerOrderTarget)}, amocrm_429 = 0, backlog_sync_s <= {Report.F(BacklogSecondsTarget, 0)}; load {CpuMeter.LoadAverage()}");
        report.Add("orders", orders);
        report.Add("gateway_calls", calls);
        report.Add("leads_created", leadsMade);
        report.Add("leads_in_amocrm", leads);
        report.Add("contacts_created", contactsMade);
        report.Add("amocrm_requests", amo.Count);
        report.Add("kaspi_requests", kaspi.Count);
        report.Add("kaspi_requests_per_order", (double)kaspi.Count / orders, 3);
        report.Add("amocrm_requests_per_order", perOrder, 3);
        report.Add("amocrm_429", tooMany);
        report.Add("backlog_sync_s", seconds, 1);
        report.Print();
        await api.StopAsync();
        TryDelete(keys);
        return perOrder <= RequestsPerOrderTarget && (double)kaspi.Count / orders <= KaspiRequestsPerOrderTarget && tooMany == 0 && seconds <= BacklogSecondsTarget && leads == orders ? 0 : 1;
    }

    private static int Option(string[] args, string name, int fallback) =>
        args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0] == name).Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
