using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Prometei.Benchmarks.Engine;
using Prometei.EndToEndTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Benchmarks.Chaos;

/// <summary>
/// The <c>chaos</c> suite (issue 11, item 8): its own PostgreSQL, the vendor fakes as real HTTP servers (in this process),
/// Prometei.Api and two Prometei.Workflows nodes as processes (the build of this configuration), the nodes behind the test
/// proxy that stands for nginx (<c>proxy_next_upstream error timeout non_idempotent</c> for the webhook location). The
/// shipped definitions run as shipped, with the Kaspi poll every 5 s and the status catch-up every minute.
/// <para>
/// Load: <c>orders</c> Kaspi orders (default 1,000, from <c>customers</c> customers) arrive over the first 12 minutes; each
/// order's lead, once our sync made it, is moved in amoCRM to the ERP stage, so amoCRM sends one status webhook per lead
/// (single-attempt hooks, Digital Pipeline style: a refused one is not sent again) to the proxy. Faults: every vendor answers
/// a share <c>faults</c> (default 0.2) of requests with a fault: 429 with <c>Retry-After</c>, 5xx, a hang past the client's
/// timeout, a dropped connection, or (the hard case) a lost answer after the effect. A workflows node or the Api is
/// SIGKILLed at random moments and started again at once (at least <c>kills</c>, default 12; one process at a time, so one
/// node always serves); a restarted node joins the proxy once ready (its health check and one warm-up delivery), as behind a
/// load balancer with a readiness probe. From minute 2 the ERP answers 503 to everything for 10 minutes of wall time.
/// </para>
/// <para>
/// <c>scale=F</c> (default 1) multiplies the whole chaos timeline (arrivals, outage, kill spacing): <c>scale=0.1</c> is a
/// 1-minute outage for a quick look; a recorded run uses 1. Time-scaled settings (always): the engine's retry backoff is
/// capped at 1 minute (default 5), the outage alert comes after 2 minutes of failures (default 10).
/// </para>
/// After the last fault (faults cleared, kills over), the suite waits until every order has its lead and every moved lead its
/// ERP task and no webhook instance runs (<c>drain_s</c>), waits a catch-up run more, then counts.
/// </summary>
internal static class ChaosBenchmark
{
    private const string Secret = "chaos-benchmark-webhook-secret";
    private const string InternalKey = "chaos-benchmark-internal-key-0123456789";
    private const string WebhookFlow = "amocrm-lead-status-to-erp";

    public static async Task<int> RunAsync(string[] args)
    {
        var orders = Option(args, "orders", 1000);
        var customers = Option(args, "customers", 700);
        var minKills = Option(args, "kills", 12);
        var faultRate = Option(args, "faults", 0.2);
        var scale = Option(args, "scale", 1.0);
        var seed = Option(args, "seed", 11);
        var arrivals = TimeSpan.FromMinutes(12 * scale);
        var outageStart = TimeSpan.FromMinutes(2 * scale);
        var outage = TimeSpan.FromMinutes(10 * scale);
        var chaosLength = TimeSpan.FromMinutes(13 * scale);
        var report = new Report();
        var random = new Random(seed);
        var loads = new ConcurrentBag<string>();
        using var cts = new CancellationTokenSource(chaosLength + TimeSpan.FromMinutes(40));
        var ct = cts.Token;

        Report.Progress("starting PostgreSQL, the fakes, Prometei.Api, two Prometei.Workflows nodes and the proxy");
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions(), ct);
        var apiDatabase = await postgres.CreateDatabaseAsync("chaos_api", ct);
        var workflowsDatabase = await postgres.CreateDatabaseAsync("chaos_workflows", ct);
        var fakeOptions = new FakeVendorsOptions { Seed = seed, MaxRecordedRequests = 1_000_000 };
        fakeOptions.AmoCrm.Behavior = fakeOptions.AmoCrm.Behavior with { RetryAfterSeconds = 1, WebhookSingleAttempt = true };
        await using var fakes = await FakeVendors.StartAsync(fakeOptions, ct);
        var control = fakes.Control;
        var tokens = await control.IssueTokensAsync(ct);
        var keys = Directory.CreateTempSubdirectory("prometei-chaos-keys-").FullName;
        var apiEnvironment = new Dictionary<string, string?>(fakes.ApiEnvironment(tokens))
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__integration"] = apiDatabase,
            ["DataProtection__KeysPath"] = keys,
            ["API_INTERNAL_KEY"] = InternalKey,
            ["ADMIN_BASIC_PASS"] = "chaos-benchmark-admin",
            ["Alerts__OutageThreshold"] = "00:02:00",
            ["Api__MaintenanceInterval"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var definitions = Directory.CreateTempSubdirectory("prometei-chaos-definitions-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "Prometei.Workflows", "Definitions"), "*.json"))
        {
            var text = File.ReadAllText(file)
                .Replace("\"0 * * * * *\"", "\"*/5 * * * * *\"", StringComparison.Ordinal) // the Kaspi poll: every 5 s instead of every minute
                .Replace("\"0 */5 * * * *\"", "\"0 * * * * *\"", StringComparison.Ordinal); // the status catch-up: every minute instead of every 5
            File.WriteAllText(Path.Combine(definitions, Path.GetFileName(file)), text);
        }

        var apiPort = ServiceProcess.FreePort();
        var nodes = Enumerable.Range(1, 2).Select(n => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__workflows"] = workflowsDatabase,
            ["Workflows__DefinitionsPath"] = definitions,
            ["Workflows__NodeId"] = "chaos-node-" + n.ToString(CultureInfo.InvariantCulture),
            ["services__api__http__0"] = $"http://127.0.0.1:{apiPort}",
            ["Integration__ApiKey"] = InternalKey,
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(CultureInfo.InvariantCulture),
            ["Integration__WebhookStatuses"] = AmoCrmSeedIds.SendToErpStatusId.ToString(CultureInfo.InvariantCulture),
            ["Integration__RetryMaxDelay"] = "00:01:00",
            ["AMOCRM_WEBHOOK_SECRET"] = Secret,
            ["ELSA_API_KEY"] = "chaos-benchmark-elsa-api-key-0123456789",
            ["Logging__LogLevel__Default"] = "Warning",
        }).ToList();
        using var warmUpHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        await using var cluster = new ChaosCluster(apiEnvironment, apiPort, nodes, async node =>
        {
            // One delivery of a pipeline the flow does not act on (stored, run, finished, no vendor call) warms the path.
            using var warm = await warmUpHttp.PostAsync(new Uri(node, "workflows/amocrm/webhook?secret=" + Secret), WarmUpWebhook(), ct);
            warm.EnsureSuccessStatusCode();
        });
        await cluster.StartAsync();
        await using var proxy = await RoundRobinProxy.StartAsync(cluster.NodeAddresses);
        cluster.Proxy = proxy;
        await using var database = NpgsqlDataSource.Create(workflowsDatabase);

        // amoCRM's account webhook for status changes, pointing at the one address in front of the nodes.
        using (var amoApi = new HttpClient { BaseAddress = fakes.AmoCrmBaseUrl })
        {
            amoApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            using var subscribed = await amoApi.PostAsJsonAsync("api/v4/webhooks", new
            {
                destination = new Uri(proxy.BaseAddress, "workflows/amocrm/webhook?secret=" + Secret).AbsoluteUri,
                settings = new[] { "status_lead" },
            }, ct);
            subscribed.EnsureSuccessStatusCode();
        }

        var seedLeads = (await control.GetAmoCrmLeadsAsync(ct)).Select(l => l.Id).ToHashSet();
        var seedContacts = (await control.GetAmoCrmContactsAsync(ct)).Select(c => c.Id).ToHashSet();
        await control.ClearRequestsAsync(FakeVendor.AmoCrm, ct);

        var chaosFaults = new Dictionary<FakeVendor, FaultSettings>
        {
            // 20 % in all: 429 with Retry-After, 5xx, a hang past the gateway's per-attempt timeout, a dropped connection, a lost answer.
            [FakeVendor.AmoCrm] = Mix(faultRate, 503, timeoutMs: 65_000, seed),
            [FakeVendor.Kaspi] = Mix(faultRate, 502, timeoutMs: 15_000, seed + 1),
            [FakeVendor.Erp] = Mix(faultRate, 500, timeoutMs: 15_000, seed + 2),
        };
        foreach (var (vendor, faults) in chaosFaults)
        {
            await control.SetFaultsAsync(vendor, faults, ct);
        }

        var started = Stopwatch.StartNew();
        Report.Progress($"chaos for {chaosLength.TotalMinutes:0.#} min: {orders} orders over {arrivals.TotalMinutes:0.#} min, faults {faultRate:P0}, ERP down from minute {outageStart.TotalMinutes:0.#} for {outage.TotalMinutes:0.#} min, at least {minKills} kills");
        var codes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // order code → customer phone (10 digits)
        var moved = new ConcurrentDictionary<long, DateTimeOffset>();
        var kills = new ConcurrentQueue<(TimeSpan At, string Target)>();
        using var stopMoving = new CancellationTokenSource();

        var arrive = Task.Run(async () =>
        {
            for (var i = 0; i < orders; i++)
            {
                var due = arrivals * i / orders;
                if (due > started.Elapsed)
                {
                    await Task.Delay(due - started.Elapsed, ct);
                }

                var customer = i % customers;
                var phone = (7_010_000_000L + customer).ToString(CultureInfo.InvariantCulture);
                var code = (710_000_000 + i).ToString(CultureInfo.InvariantCulture);
                await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
                {
                    Code = code,
                    CreationDate = DateTimeOffset.UtcNow.AddSeconds(-2),
                    Customer = new KaspiCustomer("Клиент" + customer.ToString(CultureInfo.InvariantCulture), "Хаосов", phone),
                    Entries = [new NewFakeKaspiEntry { OfferCode = "SKU-" + (i % 40).ToString(CultureInfo.InvariantCulture), OfferName = "Товар", Quantity = 1 + (i % 3), BasePrice = 4990m }],
                }, ct);
                codes[code] = phone;
            }
        }, ct);

        // Each new Kaspi lead is moved to the ERP stage once, as a manager would: amoCRM then sends its status webhook.
        var move = Task.Run(async () =>
        {
            while (!stopMoving.IsCancellationRequested)
            {
                foreach (var lead in await control.GetAmoCrmLeadsAsync(ct))
                {
                    if (!seedLeads.Contains(lead.Id) && !moved.ContainsKey(lead.Id) && lead.StatusId != AmoCrmSeedIds.SendToErpStatusId)
                    {
                        await control.ChangeLeadStatusAsync(lead.Id, new LeadStatusChange(AmoCrmSeedIds.SendToErpStatusId, AmoCrmSeedIds.KaspiPipelineId), ct);
                        moved[lead.Id] = DateTimeOffset.UtcNow;
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }, ct);

        // One process at a time is killed and started again, so one workflows node always takes webhooks (a real cluster).
        var killer = Task.Run(async () =>
        {
            var spacing = (chaosLength - TimeSpan.FromSeconds(20 * scale)) / (minKills + 1);
            while (true)
            {
                var wait = spacing * (0.5 + random.NextDouble());
                if (started.Elapsed + wait > chaosLength)
                {
                    break;
                }

                await Task.Delay(wait, ct);
                var target = cluster.Targets[random.Next(cluster.Targets.Count)];
                kills.Enqueue((started.Elapsed, target));
                Report.Progress($"kill {kills.Count}: {target} at {started.Elapsed.TotalSeconds:0} s");
                await cluster.KillAndRestartAsync(target);
            }
        }, ct);

        var erp = Task.Run(async () =>
        {
            await Task.Delay(outageStart, ct);
            Report.Progress("the ERP goes down (503 to everything)");
            await control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { Status5xxRate = 1, Status5xxCode = 503 }, ct);
            await Task.Delay(outage, ct);
            await control.SetFaultsAsync(FakeVendor.Erp, chaosFaults[FakeVendor.Erp], ct);
            Report.Progress("the ERP is back (its share of random faults again)");
        }, ct);

        // The longest time, while faults and kills go on, that orders waited and no new lead appeared (30 s resolution):
        // a poll that cannot finish inside its timeout shows here as a stall lasting until the faults end.
        var leadsSeen = 0;
        var lastLeadAt = TimeSpan.Zero;
        var longestStall = TimeSpan.Zero;
        var sampler = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                loads.Add(CpuMeter.LoadAverage().Split(' ')[0]);
                if (!stopMoving.IsCancellationRequested)
                {
                    var leadsNow = (await control.GetAmoCrmLeadsAsync(ct)).Count - seedLeads.Count;
                    var tasksNow = (await control.GetErpTasksAsync(ct)).Count;
                    if (leadsNow > leadsSeen || codes.Count <= leadsNow)
                    {
                        (leadsSeen, lastLeadAt) = (leadsNow, started.Elapsed);
                    }
                    else if (started.Elapsed - lastLeadAt > longestStall)
                    {
                        longestStall = started.Elapsed - lastLeadAt;
                    }

                    var requests = new List<string>();
                    foreach (var vendor in new[] { FakeVendor.Kaspi, FakeVendor.AmoCrm, FakeVendor.Erp })
                    {
                        var all = await control.GetRequestsAsync(vendor, cancellationToken: ct);
                        requests.Add($"{vendor} {all.Count} ({all.Count(r => r.Fault is not null)} faulted)");
                    }

                    Report.Progress($"at {started.Elapsed.TotalSeconds:0} s: {codes.Count} orders, {leadsNow} leads, {moved.Count} moved, {tasksNow} ERP tasks; requests {string.Join(", ", requests)}; load {CpuMeter.LoadAverage()}");
                }

                await Task.Delay(TimeSpan.FromSeconds(30), ct);
            }
        }, ct);

        await Task.WhenAll(arrive, killer, erp);
        while (kills.Count < minKills)
        {
            var target = cluster.Targets[kills.Count % cluster.Targets.Count];
            kills.Enqueue((started.Elapsed, target));
            Report.Progress($"kill {kills.Count}: {target} at {started.Elapsed.TotalSeconds:0} s (to reach {minKills})");
            await cluster.KillAndRestartAsync(target);
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
        }

        foreach (var vendor in chaosFaults.Keys)
        {
            await control.ClearFaultsAsync(vendor, ct);
        }

        var lastFault = started.Elapsed;
        Report.Progress($"last fault at {lastFault.TotalSeconds:0} s: faults cleared, no more kills; draining");
        var drain = Stopwatch.StartNew();
        var drained = false;
        while (drain.Elapsed < TimeSpan.FromMinutes(25))
        {
            var snapshot = await CountAsync();
            if (snapshot.OrdersLost == 0 && moved.Count >= orders && snapshot.TasksLost == 0 && snapshot.WebhookRunning == 0)
            {
                drained = true;
                break;
            }

            if (drain.Elapsed.TotalSeconds % 30 < 2)
            {
                Report.Progress($"draining: {snapshot.OrdersLost} orders without a lead, {moved.Count} moved, {snapshot.TasksLost} without a task, {snapshot.WebhookRunning} webhook instances running");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        var drainSeconds = drain.Elapsed.TotalSeconds;
        Report.Progress($"{(drained ? "drained" : "NOT drained")} after {drainSeconds:0} s; one more catch-up run and a few polls before counting");
        await Task.Delay(TimeSpan.FromSeconds(75), ct);
        await stopMoving.CancelAsync();
        await move;
        var final = await CountAsync();

        await using (var stuck = database.CreateCommand("""
            SELECT i.id, i.definition_id, i.status, i.sub_status, i.created_at,
                   (SELECT to_char(l.timestamp, 'HH24:MI:SS') || ' ' || l.activity_id || ' ' || l.event_name || ': ' || coalesce(l.message, '') FROM execution_log l WHERE l.instance_id = i.id ORDER BY l.sequence DESC LIMIT 1)
            FROM workflow_instances i
            WHERE i.sub_status = 'Faulted' OR (i.status <> 'Finished' AND i.created_at < now() - interval '2 minutes')
               AND NOT EXISTS (SELECT 1 FROM execution_log l WHERE l.instance_id = i.id AND l.timestamp > now() - interval '2 minutes')
            ORDER BY i.created_at LIMIT 20
            """))
        {
            await using var rows = await stuck.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct))
            {
                Report.Progress($"  stuck: {rows.GetString(1)} {rows.GetString(0)} {rows.GetString(2)}/{rows.GetString(3)} created {rows.GetFieldValue<DateTimeOffset>(4):HH:mm:ss}; last: {(rows.IsDBNull(5) ? "-" : rows.GetString(5))}");
            }
        }

        var amo = (await control.GetRequestsAsync(FakeVendor.AmoCrm, cancellationToken: ct)).OrderBy(r => r.Time).ToList();
        var busiest = 0;
        for (int i = 0, j = 0; i < amo.Count; i++)
        {
            while (amo[i].Time - amo[j].Time >= TimeSpan.FromSeconds(1))
            {
                j++;
            }

            busiest = Math.Max(busiest, i - j + 1);
        }

        var deliveries = await control.GetWebhookDeliveriesAsync(ct);
        var refused = deliveries.Where(d => d.Status is < 200 or > 299).ToList();
        foreach (var d in refused.Take(10))
        {
            Report.Progress($"  refused delivery at {d.Time:HH:mm:ss.fff}: lead {d.LeadId}, status {d.Status}, {d.Error}");
        }

        var faultsSeen = string.Join(", ", new[] { FakeVendor.AmoCrm, FakeVendor.Kaspi, FakeVendor.Erp }.Select(v => v + ": " + control.GetRequestsAsync(v, cancellationToken: ct).Result.Count.ToString(CultureInfo.InvariantCulture) + " requests, " + string.Join(" ",
            control.GetRequestsAsync(v, cancellationToken: ct).Result.Where(r => r.Fault is not null).GroupBy(r => r.Fault!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"))));
        var apiOutput = cluster.ApiOutput;
        var killList = kills.ToList();
        var sortedLoads = loads.Select(l => double.Parse(l, CultureInfo.InvariantCulture)).Order().ToList();

        report.Header($"# chaos: {orders} Kaspi orders ({customers} customers) and {moved.Count} status webhooks through Prometei.Api and two workflows nodes behind the proxy; scale {Report.F(scale, 2)}");
        report.Header($"# faults {faultRate:P0} per vendor request; seen: {faultsSeen}");
        report.Header($"# ERP down (503) for {outage.TotalMinutes:0.#} min of wall time from minute {outageStart.TotalMinutes:0.#}; kills: {string.Join(", ", killList.Select(k => $"{k.Target}@{k.At.TotalSeconds:0}s"))}");
        report.Header($"# alerts: vendor_down:erp raised {Raised(apiOutput, "vendor_down:erp")}, vendor_up:erp raised {Raised(apiOutput, "vendor_up:erp")}; webhook deliveries {deliveries.Count}; instances stuck {final.Stuck} (faulted {final.Faulted})");
        report.Header($"# load average (1 min) during the run: min {Report.F(sortedLoads.FirstOrDefault())}, median {Report.F(sortedLoads.Count > 0 ? sortedLoads[sortedLoads.Count / 2] : 0)}, max {Report.F(sortedLoads.LastOrDefault())} on {Environment.ProcessorCount} cores (shared machine)");
        report.Header($"# targets: every count 0, max_amocrm_rps <= 7; run took {started.Elapsed.TotalMinutes:0.#} min");
        report.Add("orders", orders);
        report.Add("status_webhooks", moved.Count);
        report.Add("kills", killList.Count);
        report.Add("kills_api", killList.Count(k => k.Target == ChaosCluster.Api));
        report.Add("kills_workflows_node", killList.Count(k => k.Target != ChaosCluster.Api));
        report.Add("erp_outage_s", outage.TotalSeconds, 0);
        report.Add("orders_lost", final.OrdersLost);
        report.Add("leads_duplicated", final.LeadsDuplicated);
        report.Add("contacts_duplicated", final.ContactsDuplicated);
        report.Add("erp_tasks_lost", final.TasksLost);
        report.Add("erp_tasks_duplicated", final.TasksDuplicated);
        report.Add("instances_stuck", final.Stuck);
        report.Add("webhooks_refused", refused.Count);
        report.Add("max_amocrm_rps", busiest);
        report.Add("kaspi_longest_stall_s", longestStall.TotalSeconds, 0);
        report.Add("drain_s", drained ? drainSeconds : double.NaN, 1);
        report.Print();

        await stopMoving.CancelAsync();
        await cts.CancelAsync();
        await Task.WhenAll(sampler.ContinueWith(_ => { }, TaskScheduler.Default));
        TryDelete(keys);
        TryDelete(definitions);
        var clean = drained && final.OrdersLost + final.LeadsDuplicated + final.ContactsDuplicated + final.TasksLost + final.TasksDuplicated + final.Stuck + refused.Count == 0 && busiest <= 7;
        return clean ? 0 : 1;

        async Task<Counts> CountAsync()
        {
            var leads = (await control.GetAmoCrmLeadsAsync(ct)).Where(l => !seedLeads.Contains(l.Id)).ToList();
            var byCode = leads.GroupBy(l => CodeOf(l.Name) ?? "?").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var ordersLost = codes.Keys.Count(c => !byCode.ContainsKey(c));
            var leadsDuplicated = byCode.Values.Sum(n => n - 1);
            var contacts = (await control.GetAmoCrmContactsAsync(ct)).Where(c => !seedContacts.Contains(c.Id)).ToList();
            var contactsDuplicated = contacts.SelectMany(c => c.Phones.Select(p => (Phone: Digits(p), c.Id))).Distinct()
                .GroupBy(p => p.Phone).Sum(g => g.Count() - 1);
            var tasks = await control.GetErpTasksAsync(ct);
            var tasksByLead = tasks.GroupBy(LeadOf).ToDictionary(g => g.Key, g => g.Count());
            var tasksLost = moved.Keys.Count(l => !tasksByLead.ContainsKey(l));
            var tasksDuplicated = tasksByLead.Values.Sum(n => n - 1);
            await using var command = database.CreateCommand($"""
                SELECT count(*) FILTER (WHERE definition_id = '{WebhookFlow}' AND status <> 'Finished'),
                       count(*) FILTER (WHERE sub_status = 'Faulted' OR (status <> 'Finished' AND created_at < now() - interval '2 minutes' AND NOT EXISTS (SELECT 1 FROM execution_log l WHERE l.instance_id = workflow_instances.id AND l.timestamp > now() - interval '2 minutes'))),
                       count(*) FILTER (WHERE sub_status = 'Faulted')
                FROM workflow_instances
                """);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new Counts(ordersLost, leadsDuplicated, contactsDuplicated, tasksLost, tasksDuplicated, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
    }

    private static FaultSettings Mix(double rate, int serverError, int timeoutMs, int seed) => new()
    {
        Status429Rate = rate * 0.3,
        Status5xxRate = rate * 0.3,
        Status5xxCode = serverError,
        DropConnectionRate = rate * 0.2,
        DropResponseRate = rate * 0.1,
        TimeoutRate = rate * 0.1,
        TimeoutMs = timeoutMs,
        Seed = seed,
    };

    private static FormUrlEncodedContent WarmUpWebhook() => new(new Dictionary<string, string>
    {
        ["leads[status][0][id]"] = AmoCrmSeedIds.SeedLeadId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][status_id]"] = AmoCrmSeedIds.WholesaleFirstStatusId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][old_status_id]"] = AmoCrmSeedIds.NewOrderStatusId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][pipeline_id]"] = AmoCrmSeedIds.WholesalePipelineId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][old_pipeline_id]"] = AmoCrmSeedIds.WholesalePipelineId.ToString(CultureInfo.InvariantCulture),
        ["leads[status][0][updated_at]"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["account[id]"] = AmoCrmSeedIds.AccountId.ToString(CultureInfo.InvariantCulture),
        ["account[subdomain]"] = "acmeshop",
    });

    private static long LeadOf(FakeErpDocument task) =>
        long.Parse(JsonNode.Parse(task.Body.GetRawText())!["amoLeadId"]!.ToString(), CultureInfo.InvariantCulture);

    private static string? CodeOf(string name) => name.Split(' ').FirstOrDefault(p => p.Length == 9 && p.All(char.IsAsciiDigit));

    private static string Digits(string phone)
    {
        var d = new string([.. phone.Where(char.IsAsciiDigit)]);
        return d.Length == 11 && d[0] == '8' ? "7" + d[1..] : d.Length == 10 ? "7" + d : d;
    }

    private static int Raised(string output, string condition) =>
        output.Split('\n').Count(line => line.Contains("Alert " + condition + " raised", StringComparison.Ordinal));

    private static int Option(string[] args, string name, int fallback) => (int)Option(args, name, (double)fallback);

    private static double Option(string[] args, string name, double fallback) =>
        args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0].TrimStart('-') == name).Select(p => double.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

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

    private sealed record Counts(int OrdersLost, int LeadsDuplicated, int ContactsDuplicated, int TasksLost, int TasksDuplicated, long WebhookRunning, long Stuck, long Faulted);
}
