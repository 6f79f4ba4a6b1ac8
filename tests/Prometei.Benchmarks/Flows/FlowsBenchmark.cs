using System.Diagnostics;
using System.Globalization;
using Prometei.Benchmarks.Engine;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Benchmarks.Flows;

/// <summary>
/// The <c>flows</c> suite: its own PostgreSQL, the vendor fakes in-process, Prometei.Api and Prometei.Workflows (with the
/// shipped definitions) as real processes. amoCRM status webhooks are sent to the workflows one at a time; figures: from
/// the webhook sent to the ERP fake receiving the task (fakes without delay), and the webhook's acknowledgement while the
/// ERP answers after 3 s. Options: <c>webhooks=N</c> (per phase, default 40).
/// </summary>
internal static class FlowsBenchmark
{
    private const string Secret = "flows-benchmark-webhook-secret";
    private const string InternalKey = "flows-benchmark-internal-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "webhooks").Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(40).First();
        var report = new Report();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        Report.Progress("starting PostgreSQL, the fakes, Prometei.Api and Prometei.Workflows");
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions(), cts.Token);
        var apiDatabase = await postgres.CreateDatabaseAsync("flows_bench_api", cts.Token);
        var workflowsDatabase = await postgres.CreateDatabaseAsync("flows_bench_workflows", cts.Token);
        var o = new FakeVendorsOptions { Seed = 1 };
        await using var fakes = await FakeVendors.StartAsync(o, cts.Token);
        var tokens = await fakes.Control.IssueTokensAsync(cts.Token);
        var keys = Directory.CreateTempSubdirectory("prometei-flows-bench-keys-").FullName;
        await using var api = await ServiceProcess.StartAsync("Prometei.Api", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__integration"] = apiDatabase,
            ["DataProtection__KeysPath"] = keys,
            ["AMO_BASE_URL"] = fakes.AmoCrmBaseUrl.AbsoluteUri,
            ["AMOCRM_CLIENT_ID"] = o.AmoCrm.ClientId,
            ["AMOCRM_CLIENT_SECRET"] = o.AmoCrm.ClientSecret,
            ["AMOCRM_REDIRECT_URI"] = o.AmoCrm.RedirectUri,
            ["AMO_ACCESS_TOKEN"] = tokens.AccessToken,
            ["AMO_REFRESH_TOKEN"] = tokens.RefreshToken,
            ["AMO_PIPELINE_ID"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
            ["AMO_STATUS_ID"] = AmoCrmSeedIds.NewOrderStatusId.ToString(CultureInfo.InvariantCulture),
            ["KASPI_BASE_URL"] = fakes.KaspiBaseUrl.AbsoluteUri,
            ["KASPI_API_TOKEN"] = o.Kaspi.ApiToken,
            ["CRM_API_URL"] = fakes.ErpBaseUrl.AbsoluteUri,
            ["CRM_API_KEY"] = o.Erp.ApiKey,
            ["API_INTERNAL_KEY"] = InternalKey,
            ["ADMIN_BASIC_PASS"] = "flows-benchmark-admin",
            ["Logging__LogLevel__Default"] = "Warning",
        }, readyPath: "/alive", timeout: TimeSpan.FromMinutes(2));

        var definitions = Directory.CreateTempSubdirectory("prometei-flows-bench-definitions-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "Prometei.Workflows", "Definitions"), "*.json"))
        {
            File.Copy(file, Path.Combine(definitions, Path.GetFileName(file)));
        }

        await using var workflows = await ServiceProcess.StartAsync("Prometei.Workflows", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__workflows"] = workflowsDatabase,
            ["Workflows__DefinitionsPath"] = definitions,
            ["Workflows__NodeId"] = "flows-bench",
            ["services__api__http__0"] = api.BaseAddress.AbsoluteUri.TrimEnd('/'),
            ["Integration__ApiKey"] = InternalKey,
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
            ["AMOCRM_WEBHOOK_SECRET"] = Secret,
            ["Logging__LogLevel__Default"] = "Warning",
        }, timeout: TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = workflows.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var updatedAt = 1_732_100_000L;

        Report.Progress("warming up");
        for (var i = 0; i < 3; i++)
        {
            await ToErpAsync();
        }

        Report.Progress($"{count} webhooks, one at a time, fakes without delay");
        var toErp = new List<double>();
        for (var i = 0; i < count; i++)
        {
            toErp.Add(await ToErpAsync());
        }

        Report.Progress($"{count} webhooks every 100 ms while the ERP answers after 3 s");
        await fakes.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { LatencyMs = 3000 }, cts.Token);
        var acks = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100 * i), cts.Token);
            var stopwatch = Stopwatch.StartNew();
            using var answer = await http.PostAsync(Hook(), Webhook(Interlocked.Increment(ref updatedAt)), cts.Token);
            answer.EnsureSuccessStatusCode();
            return stopwatch.Elapsed.TotalMilliseconds;
        }));
        toErp.Sort();
        var ackSorted = acks.Order().ToList();
        report.Header($"# flows: amoCRM status webhook → workflow → Prometei.Api → ERP task; {count} webhooks per phase; load {CpuMeter.LoadAverage()}");
        report.Add("webhook_to_erp_p50_ms", LoadGenerator.Percentile(toErp, 0.5), 0);
        report.Add("webhook_to_erp_p95_ms", LoadGenerator.Percentile(toErp, 0.95), 0);
        report.Add("webhook_to_erp_max_ms", toErp[^1], 0);
        report.Add("webhook_ack_p50_ms_slow_erp", LoadGenerator.Percentile(ackSorted, 0.5), 0);
        report.Add("webhook_ack_p99_ms_slow_erp", LoadGenerator.Percentile(ackSorted, 0.99), 0);
        report.Add("webhook_ack_max_ms_slow_erp", ackSorted[^1], 0);
        report.Print();
        await workflows.StopAsync();
        await api.StopAsync();
        return 0;

        // One webhook; the time until the ERP fake receives a task request.
        async Task<double> ToErpAsync()
        {
            var before = (await fakes.Control.GetRequestsAsync(FakeVendor.Erp, method: "POST", cancellationToken: cts.Token)).Count;
            var sent = DateTimeOffset.UtcNow;
            using var answer = await http.PostAsync(Hook(), Webhook(Interlocked.Increment(ref updatedAt)), cts.Token);
            answer.EnsureSuccessStatusCode();
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                var requests = await fakes.Control.GetRequestsAsync(FakeVendor.Erp, method: "POST", cancellationToken: cts.Token);
                if (requests.Count > before)
                {
                    return (requests[before].Time - sent).TotalMilliseconds;
                }

                await Task.Delay(5, cts.Token);
            }

            throw new TimeoutException("no ERP task within 60 s of a webhook");
        }
    }

    private static string Hook() => "workflows/amocrm/webhook?secret=" + Secret;

    /// <summary>A status change of the seeded lead to "send to ERP", as amoCRM posts it; each with its own <c>updated_at</c>, so each is a new event.</summary>
    private static FormUrlEncodedContent Webhook(long updatedAt) => new(new Dictionary<string, string>
    {
        ["leads[status][0][id]"] = AmoCrmSeedIds.SeedLeadId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][status_id]"] = AmoCrmSeedIds.SendToErpStatusId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][old_status_id]"] = AmoCrmSeedIds.NewOrderStatusId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][pipeline_id]"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][old_pipeline_id]"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][updated_at]"] = updatedAt.ToString(CultureInfo.InvariantCulture),
        ["account[id]"] = AmoCrmSeedIds.AccountId.ToString(CultureInfo.InvariantCulture),
        ["account[subdomain]"] = "acmeshop",
    });
}
