using System.Diagnostics;
using System.Globalization;
using Npgsql;
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
        var pause = TimeSpan.FromMilliseconds(args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "pause-ms").Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(1100).First());
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
        await using var api = await ServiceProcess.StartAsync("Prometei.Api", new Dictionary<string, string?>(fakes.ApiEnvironment(tokens))
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__integration"] = apiDatabase,
            ["DataProtection__KeysPath"] = keys,
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

        // Each webhook costs two amoCRM requests (the lead, the main contact the default task template names), and the gateway holds every request to amoCRM's
        // 7 per second (a slot rests 1.05 s after its answer). Back to back, webhooks therefore queue for the budget and
        // the figure measures the rate limit, not the path: the paced phase leaves a pause after each webhook so that
        // every request finds a rested slot; the back-to-back phase shows the bound.
        Report.Progress($"{count} webhooks, one at a time with {pause.TotalMilliseconds} ms between them, fakes without delay");
        var toErp = new List<double>();
        for (var i = 0; i < count; i++)
        {
            toErp.Add(await ToErpAsync());
            await Task.Delay(pause, cts.Token);
        }

        var timeline = await TimelineAsync(workflowsDatabase, cts.Token);

        Report.Progress($"{count} webhooks back to back, fakes without delay");
        var backToBack = new List<double>();
        var backToBackWatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            backToBack.Add(await ToErpAsync());
        }

        var backToBackSeconds = backToBackWatch.Elapsed.TotalSeconds;
        var amoApi = (await fakes.Control.GetRequestsAsync(FakeVendor.AmoCrm, cancellationToken: cts.Token)).Where(r => r.Path.StartsWith("/api/v4/", StringComparison.Ordinal)).ToList();
        var amoRequests = amoApi.Count;
        var contactReads = amoApi.Count(r => r.Path.StartsWith("/api/v4/contacts/", StringComparison.Ordinal));

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
        backToBack.Sort();
        var ackSorted = acks.Order().ToList();
        report.Header($"# flows: amoCRM status webhook → workflow → Prometei.Api → ERP task; {count} webhooks per phase; load {CpuMeter.LoadAverage()}");
        report.Add("webhook_to_erp_p50_ms", LoadGenerator.Percentile(toErp, 0.5), 0);
        report.Add("webhook_to_erp_p95_ms", LoadGenerator.Percentile(toErp, 0.95), 0);
        report.Add("webhook_to_erp_max_ms", toErp[^1], 0);
        report.Add("webhook_to_erp_back_to_back_p50_ms", LoadGenerator.Percentile(backToBack, 0.5), 0);
        report.Add("webhook_to_erp_back_to_back_p95_ms", LoadGenerator.Percentile(backToBack, 0.95), 0);
        report.Add("webhook_to_erp_back_to_back_per_s", count / backToBackSeconds, 2);
        // Target: 1 (the lead) plus the contacts the ERP task template uses (the default names the main contact: 1).
        report.Add("amocrm_requests_per_webhook", amoRequests / (double)(3 + (2 * count)), 2);
        report.Add("amocrm_contact_reads_per_webhook", contactReads / (double)(3 + (2 * count)), 2);
        report.Add("webhook_ack_p50_ms_slow_erp", LoadGenerator.Percentile(ackSorted, 0.5), 0);
        report.Add("webhook_ack_p99_ms_slow_erp", LoadGenerator.Percentile(ackSorted, 0.99), 0);
        report.Add("webhook_ack_max_ms_slow_erp", ackSorted[^1], 0);
        foreach (var (segment, values) in timeline)
        {
            report.Add($"timeline_{segment}_p50_ms", LoadGenerator.Percentile(values, 0.5), 1);
        }

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

    /// <summary>
    /// Where a webhook's time goes, from the journal of the one-at-a-time phase: each activity's start and end measured from the
    /// instance's creation (the acknowledging commit), sorted, per activity type.
    /// </summary>
    private static async Task<List<(string Segment, List<double> Values)>> TimelineAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""
            SELECT regexp_replace(lower(split_part(e.activity_type, '.', 2)), '[^a-z]', '', 'g'),
                   extract(epoch FROM min(e.started_at) - i.created_at) * 1000,
                   extract(epoch FROM max(e.completed_at) - i.created_at) * 1000
            FROM workflow_instances i CROSS JOIN LATERAL (SELECT * FROM activity_executions x WHERE x.instance_id = i.id OFFSET 0) e
            WHERE i.definition_id = 'amocrm-lead-status-to-erp' AND e.activity_type NOT IN ('Elsa.Flowchart', 'Elsa.HttpEndpoint')
            GROUP BY e.instance_id, i.created_at, e.activity_type
            """);
        var segments = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            Add(name + "_start", reader.GetDouble(1));
            if (!reader.IsDBNull(2))
            {
                Add(name + "_end", reader.GetDouble(2));
            }
        }

        foreach (var values in segments.Values)
        {
            values.Sort();
        }

        return [.. segments.Select(s => (s.Key, s.Value))];

        void Add(string segment, double value)
        {
            if (!segments.TryGetValue(segment, out var values))
            {
                segments[segment] = values = [];
            }

            values.Add(value);
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
