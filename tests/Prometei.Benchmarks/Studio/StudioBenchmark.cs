using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Prometei.Benchmarks.Engine;
using Prometei.Testing;

namespace Prometei.Benchmarks.Studio;

/// <summary>
/// The <c>studio</c> suite: its own PostgreSQL and Prometei.Workflows (Release build, a real process, Studio on). Stores 10,000
/// finished instances (and a few faulted and waiting ones) through the HTTP trigger, then measures the latency of the calls the
/// Studio's viewer and instance list poll (<c>/elsa/api</c>, API key), and the time and bytes for a signed-in, cold browser to
/// get the workflow editor interactive. Options: see <see cref="StudioOptions"/>; figures: BENCHMARKS.md, "Studio".
/// </summary>
internal static class StudioBenchmark
{
    public const double EditorReadyTargetSeconds = 5;
    public const double EditorTransferTargetMb = 15;
    public const double ViewerPollTargetMs = 20;

    /// <summary>
    /// The instance list's page size (<c>pageSize</c> of <c>POST /workflow-instances</c>) as Elsa Studio 3.8.2 sends it: 10, as in
    /// the contract's §6.1 and as captured from the list in this Chromium ("Rows Per Page 10"), not 15.
    /// </summary>
    public const int ListPageSize = 10;

    private const string UserName = "operator";
    private const string Password = "studio-benchmark-password";
    private const string ApiKey = "studio-benchmark-api-key-0123456789";

    private static readonly TimeSpan s_hardLimit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = StudioOptions.Parse(args);
        using var cts = new CancellationTokenSource(s_hardLimit);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the clean-up below run
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        PostgresServer? postgres = null;
        ServiceProcess? server = null;
        HttpClient? http = null;
        HttpClient? api = null;
        DatabaseProbe? probe = null;
        EditorLoad? browser = null;
        string? definitions = null;
        try
        {
            var report = new Report();
            var loadBefore = CpuMeter.LoadAverage();
            Report.Progress($"studio benchmark: {options.Describe()}; load average {loadBefore}");
            postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Log = m => Report.Progress(m) }, cts.Token);
            var connectionString = await postgres.CreateDatabaseAsync("bench_studio", cts.Token);
            probe = new DatabaseProbe(connectionString);

            definitions = Directory.CreateTempSubdirectory("prometei-studio-bench-definitions-").FullName;
            foreach (var (id, json) in new[]
            {
                (StudioDefinitions.SeedId, StudioDefinitions.Seed()), (StudioDefinitions.FaultId, StudioDefinitions.Fault()),
                (StudioDefinitions.WaitId, StudioDefinitions.Wait()), (StudioDefinitions.EditorId, StudioDefinitions.Editor()),
            })
            {
                await File.WriteAllTextAsync(Path.Combine(definitions, id + ".json"), json.ToJsonString(), cts.Token);
            }

            Report.Progress($"starting {ServiceProcess.FindBuildOutput("Prometei.Workflows")}");
            server = await ServiceProcess.StartAsync("Prometei.Workflows", new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__workflows"] = connectionString,
                ["Workflows__DefinitionsPath"] = definitions,
                ["Workflows__NodeId"] = "studio-bench",
                ["Studio__Operator__UserName"] = UserName,
                ["Studio__Operator__Password"] = Password,
                ["Elsa__ApiKeys__0"] = ApiKey,
                ["Logging__LogLevel__Default"] = "Warning",
            }, timeout: TimeSpan.FromMinutes(2));
            http = NewHttpClient(server.BaseAddress);
            api = NewHttpClient(new Uri(server.BaseAddress, "elsa/api/"));
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
            await WaitPublishedAsync(api, cts.Token);

            var version = await probe.ScalarAsync<string>("SHOW server_version");
            var cores = Environment.ProcessorCount;
            var memoryGb = MemoryGb();
            report.Add("machine_cores", cores);
            report.Add("machine_memory_gb", memoryGb, 1);
            report.Add("postgres_version", version);
            report.Add("load_average_before", loadBefore);

            var lines = new List<string>();
            if (options.Phases.Contains("poll"))
            {
                lines.Add(await PollPhaseAsync(options, server, http, api, probe, report, cts.Token));
            }

            if (options.Phases.Contains("editor"))
            {
                browser = await EditorLoad.LaunchAsync(server.BaseAddress, UserName, Password);
                lines.Add(await EditorPhaseAsync(options, browser, report, cts.Token));
            }

            var loadAfter = CpuMeter.LoadAverage();
            report.Add("load_average_after", loadAfter);
            report.Header("Prometei.Workflows Studio benchmark (tests/Prometei.Benchmarks, suite studio)");
            report.Header(string.Create(CultureInfo.InvariantCulture,
                $"machine: {cores} cores, {memoryGb:0.0} GB memory, PostgreSQL {version}; load average before {loadBefore}, after {loadAfter} (the machine may be shared: see the load)"));
            foreach (var line in lines)
            {
                report.Header(line);
            }

            report.Print();
            return 0;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine($"studio benchmark: cancelled (Ctrl+C or the {s_hardLimit.TotalMinutes:0}-minute limit).");
            return 1;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"studio benchmark failed: {ex}");
            if (server is not null)
            {
                Console.Error.WriteLine($"(server log: {server.LogFile})");
            }

            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            http?.Dispose();
            api?.Dispose();
            await Teardown.StopAsync(server, probe, postgres, definitions);
        }
    }

    /// <summary>Seeds the instances through the engine, then measures the polled endpoints. Returns the header line.</summary>
    private static async Task<string> PollPhaseAsync(StudioOptions options, ServiceProcess server, HttpClient http, HttpClient api,
        DatabaseProbe probe, Report report, CancellationToken cancellationToken)
    {
        var seedWatch = Stopwatch.StartNew();
        Report.Progress($"starting {options.Instances} instances with {options.SeedClients} clients, {options.Unfinished} faulting and {options.Unfinished} waiting");
        await StartInstancesAsync(http, StudioDefinitions.SeedPath, options.Instances, options.SeedClients, cancellationToken);
        await StartInstancesAsync(http, StudioDefinitions.FaultPath, options.Unfinished, 4, cancellationToken);
        await StartInstancesAsync(http, StudioDefinitions.WaitPath, options.Unfinished, 4, cancellationToken);
        var acknowledged = seedWatch.Elapsed.TotalSeconds;
        await WaitSettledAsync(options, probe, server, cancellationToken);
        var seeded = seedWatch.Elapsed.TotalSeconds;
        Report.Progress(string.Create(CultureInfo.InvariantCulture, $"seeded in {seeded:0.0} s (acknowledged in {acknowledged:0.0} s); ANALYZE"));
        await probe.ExecuteAsync("ANALYZE");

        var stored = await probe.ScalarAsync<long>("SELECT count(*) FROM workflow_instances");
        var byState = await probe.RowsAsync("SELECT status || '/' || sub_status, count(*) FROM workflow_instances GROUP BY 1 ORDER BY 1");
        var journalRows = await probe.ScalarAsync<long>("SELECT count(*) FROM execution_log");
        var executionRows = await probe.ScalarAsync<long>("SELECT count(*) FROM activity_executions");
        var instances = (await probe.RowsAsync("SELECT id, definition_id FROM workflow_instances ORDER BY id"))
            .Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
        var nodes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var definitionId in instances.Select(i => i.Item2).Distinct())
        {
            nodes[definitionId] = await PollLatency.TopLevelNodeIdsAsync(api, definitionId, cancellationToken);
        }

        Report.Progress($"{stored} instances ({string.Join(", ", byState.Select(r => $"{r[0]}: {r[1]}"))}), {journalRows} journal rows, {executionRows} activity executions");
        Report.Progress($"polling: {options.PollWarmup} warm-up rounds, then {options.PollRequests} measured, each round every endpoint once for a random instance");
        var result = await new PollLatency(api, instances, nodes, ListPageSize).MeasureAsync(options.PollWarmup, options.PollRequests, cancellationToken);

        report.Add("instances_stored", stored);
        report.Add("instances_by_status", string.Join(',', byState.Select(r => $"{r[0]}:{r[1]}")));
        report.Add("execution_log_rows", journalRows);
        report.Add("activity_execution_rows", executionRows);
        report.Add("seed_s", seeded, 1);
        foreach (var endpoint in PollLatency.Endpoints)
        {
            var samples = result.Samples[endpoint];
            report.Add($"poll_{endpoint}_p50_ms", LoadGenerator.Percentile(samples, 0.5), 2);
            report.Add($"poll_{endpoint}_p99_ms", LoadGenerator.Percentile(samples, 0.99), 2);
            report.Add($"poll_{endpoint}_max_ms", samples.Count == 0 ? double.NaN : samples[^1], 2);
            report.Add($"poll_{endpoint}_response_bytes_avg", samples.Count == 0 ? double.NaN : (double)result.Bytes[endpoint] / samples.Count, 0);
        }

        var viewer = PollLatency.ViewerEndpoints.SelectMany(e => result.Samples[e]).Order().ToList();
        var list = result.Samples["list"];
        var errors = result.Errors.Values.Sum();
        var viewerP99 = LoadGenerator.Percentile(viewer, 0.99);
        report.Add("poll_errors", errors);
        report.Add("viewer_poll_p50_ms", LoadGenerator.Percentile(viewer, 0.5), 2);
        report.Add("viewer_poll_p99_ms", viewerP99, 2);
        report.Add("list_poll_p50_ms", LoadGenerator.Percentile(list, 0.5), 2);
        report.Add("list_poll_p99_ms", LoadGenerator.Percentile(list, 0.99), 2);
        report.Add("target_viewer_poll_p99_ms_met", viewerP99 <= ViewerPollTargetMs && errors == 0 ? "yes" : "no");
        return string.Create(CultureInfo.InvariantCulture,
            $"polling: {stored} instances stored (started through POST /workflows/{StudioDefinitions.SeedPath} by {options.SeedClients} clients, then ANALYZE); one keep-alive HttpClient, ApiKey; {options.PollRequests} requests per endpoint after {options.PollWarmup} warm-up, random instances; viewer = execution-state, instance, journal (skip=0&take=109), report; list = the Studio's first page (page 0, pageSize {ListPageSize}, orderBy null = Created, Descending); target viewer_poll_p99_ms <= {ViewerPollTargetMs} ({(viewerP99 <= ViewerPollTargetMs ? "met" : "MISSED")})");
    }

    /// <summary>The cold and warm editor loads. Returns the header line.</summary>
    private static async Task<string> EditorPhaseAsync(StudioOptions options, EditorLoad browser, Report report, CancellationToken cancellationToken)
    {
        var cold = new List<EditorLoadResult>();
        var warm = new List<EditorLoadResult>();
        long playwrightBytes = -1;
        var screenshot = Path.Combine(Path.GetTempPath(), "prometei-studio-bench-editor.png");
        for (var run = 0; run < options.EditorRuns; run++)
        {
            var (c, w, pw) = await browser.RunAsync(StudioDefinitions.EditorId, crossCheck: run == 0, run == 0 ? screenshot : null, cancellationToken);
            cold.Add(c);
            warm.Add(w);
            if (run == 0)
            {
                playwrightBytes = pw;
            }

            Report.Progress(string.Create(CultureInfo.InvariantCulture,
                $"editor run {run + 1}: cold {c.Seconds:0.00} s, {Mb(c.Bytes):0.00} MB in {c.Requests.Count} requests; warm {w.Seconds:0.00} s, {Mb(w.Bytes):0.000} MB"));
        }

        var first = cold[0];
        Report.Progress($"screenshot of the first cold load: {screenshot}; Playwright's sizes for it (body + headers): {Mb(playwrightBytes):0.000} MB, DevTools: {Mb(first.Bytes):0.000} MB");
        var ready = cold.Select(r => r.Seconds).Order().ToList();
        var median = Median(ready);
        var transfer = Median([.. cold.Select(r => (double)r.Bytes)]);
        report.Add("chromium_version", browser.BrowserVersion);
        report.Add("editor_runs", options.EditorRuns);
        report.Add("editor_ready_s", median, 2);
        report.Add("editor_ready_min_s", ready[0], 2);
        report.Add("editor_ready_max_s", ready[^1], 2);
        report.Add("editor_ready_warm_s", Median([.. warm.Select(r => r.Seconds)]), 2);
        report.Add("editor_transfer_mb", Mb((long)transfer), 2);
        report.Add("editor_transfer_warm_mb", Mb((long)Median([.. warm.Select(r => (double)r.Bytes)])), 3);
        report.Add("editor_requests", first.Requests.Count);
        report.Add("editor_requests_failed", first.Requests.Count(r => r.Failed));
        report.Add("editor_accept_encoding", first.AcceptEncoding ?? "unknown");
        report.Add("editor_transfer_by_encoding", string.Join(',', first.Requests.GroupBy(r => r.Encoding).OrderByDescending(g => g.Sum(r => r.EncodedBytes))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}:{Mb(g.Sum(r => r.EncodedBytes)):0.00}MB/{g.Count()}"))));
        var brotli = first.Requests.Where(r => r.Encoding == "br").Sum(r => r.EncodedBytes);
        report.Add("editor_transfer_br_share", first.Bytes == 0 ? double.NaN : (double)brotli / first.Bytes, 3);
        var rank = 0;
        foreach (var entry in first.Requests.OrderByDescending(r => r.EncodedBytes).Take(5))
        {
            report.Add($"editor_largest_{++rank}", string.Create(CultureInfo.InvariantCulture, $"{RelativePath(entry.Url)};{Mb(entry.EncodedBytes):0.000}MB;{entry.Encoding}"));
        }

        report.Add("target_editor_ready_s_met", median <= EditorReadyTargetSeconds ? "yes" : "no");
        report.Add("target_editor_transfer_mb_met", Mb((long)transfer) <= EditorTransferTargetMb ? "yes" : "no");
        return string.Create(CultureInfo.InvariantCulture,
            $"editor: {options.EditorRuns} cold loads of /studio/workflows/definitions/{StudioDefinitions.EditorId}/edit ({StudioDefinitions.EditorNodes} activities), each in a fresh Chromium context after the sign-in form (HTTP cache emptied after it), until {StudioDefinitions.EditorNodes} .x6-node and the Activities panel are visible; median and max; warm = the same URL again in the same context; bytes = DevTools encodedDataLength (headers + encoded bodies), MB = 10^6 bytes; targets editor_ready_s <= {EditorReadyTargetSeconds} ({(median <= EditorReadyTargetSeconds ? "met" : "MISSED")}), editor_transfer_mb <= {EditorTransferTargetMb} ({(Mb((long)transfer) <= EditorTransferTargetMb ? "met" : "MISSED")})");
    }

    /// <summary>Starts <paramref name="count"/> instances through the HTTP trigger; re-sends what failed (bounded: five rounds).</summary>
    private static async Task StartInstancesAsync(HttpClient http, string path, int count, int clients, CancellationToken cancellationToken)
    {
        var generator = new LoadGenerator(http, new Uri(http.BaseAddress!, "workflows/" + path));
        var started = 0;
        for (var round = 0; round < 5 && started < count; round++)
        {
            var result = await generator.ClosedLoopAsync(clients, TimeSpan.FromMinutes(5), count - started, cancellationToken);
            started += result.Succeeded;
            if (result.Errors > 0)
            {
                Report.Progress($"{result.Errors} starts of /workflows/{path} failed; sending them again");
            }
        }

        if (started < count)
        {
            throw new InvalidOperationException($"Only {started} of {count} starts of /workflows/{path} were acknowledged.");
        }
    }

    /// <summary>Waits (at most 5 minutes) until the seeded instances finished, the faulting ones faulted and the waiting ones are suspended.</summary>
    private static async Task WaitSettledAsync(StudioOptions options, DatabaseProbe probe, ServiceProcess server, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var row = (await probe.RowsAsync(
                """
                SELECT count(*) FILTER (WHERE definition_id = $1 AND sub_status = 'Finished'),
                       count(*) FILTER (WHERE definition_id = $2 AND sub_status = 'Faulted'),
                       count(*) FILTER (WHERE definition_id = $3 AND sub_status = 'Suspended')
                FROM workflow_instances
                """, StudioDefinitions.SeedId, StudioDefinitions.FaultId, StudioDefinitions.WaitId))[0];
            var (finished, faulted, suspended) = (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture),
                Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
            if (finished >= options.Instances && faulted >= options.Unfinished && suspended >= options.Unfinished)
            {
                return;
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"After 5 minutes {finished} of {options.Instances} finished, {faulted} faulted, {suspended} suspended: see {server.LogFile}.");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Waits until the four definitions are imported (the importer publishes them at startup).</summary>
    private static async Task WaitPublishedAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        foreach (var id in new[] { StudioDefinitions.SeedId, StudioDefinitions.FaultId, StudioDefinitions.WaitId, StudioDefinitions.EditorId })
        {
            while (true)
            {
                using var response = await api.GetAsync($"workflow-definitions/by-definition-id/{id}?versionOptions=Published", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"The definition {id} was not published within 60 s (last answer {(int)response.StatusCode}).");
                }

                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>The URL's path under <c>/studio/</c> (no query), or the whole path when it is elsewhere.</summary>
    private static string RelativePath(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : url;
        return path.StartsWith("/studio/", StringComparison.Ordinal) ? path["/studio/".Length..] : path;
    }

    private static double Mb(long bytes) => bytes / 1e6;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static HttpClient NewHttpClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static double MemoryGb()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024 / 1024;
    }
}
