using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Prometei.Testing;

namespace Prometei.Benchmarks.Engine;

/// <summary>
/// The <c>engine</c> suite: starts its own PostgreSQL, a no-delay HTTP endpoint and Prometei.Workflows (Release build, as a
/// real process), then measures activity throughput, commits per effect, trigger acknowledgement latency and the raw commit
/// rate of the same database. See BENCHMARKS.md for what each figure means.
/// </summary>
internal sealed partial class EngineBenchmark
{
    public const double ActivityTarget = 1000;
    public const double RatioTarget = 0.5;

    private static readonly TimeSpan s_hardLimit = TimeSpan.FromMinutes(12);

    private readonly EngineOptions _options;
    private readonly Report _report = new();
    private readonly CancellationToken _cancellationToken;
    private readonly PostgresServer _postgres;
    private readonly string _connectionString;
    private readonly EffectEndpoint _effects;
    private readonly ServiceProcess _server;
    private readonly HttpClient _http;
    private readonly DatabaseProbe _probe;
    private readonly CpuMeter _cpu;
    private readonly string _definitions;

    /// <summary>The share of the machine other processes used while this suite idled (measured before the activity run).</summary>
    private double BackgroundBusyShare { get; set; } = double.NaN;

    private EngineBenchmark(EngineOptions options, CancellationToken cancellationToken, PostgresServer postgres, string connectionString,
        string definitions, EffectEndpoint effects, ServiceProcess server, HttpClient http, DatabaseProbe probe)
    {
        _definitions = definitions;
        _options = options;
        _cancellationToken = cancellationToken;
        _postgres = postgres;
        _connectionString = connectionString;
        _effects = effects;
        _server = server;
        _http = http;
        _probe = probe;
        _cpu = new CpuMeter(server.ProcessId, postgres.DataDirectory);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = EngineOptions.Parse(args);
        using var cts = new CancellationTokenSource(s_hardLimit);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the clean-up below run
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        PostgresServer? postgres = null;
        EffectEndpoint? effects = null;
        ServiceProcess? server = null;
        HttpClient? http = null;
        DatabaseProbe? probe = null;
        string? definitions = null;
        try
        {
            Report.Progress($"engine benchmark: {options.Describe()}");
            Report.Progress($"load average before: {CpuMeter.LoadAverage()}");
            postgres = await StartPostgresAsync(cts.Token);
            var connectionString = await postgres.CreateDatabaseAsync("bench_engine", cts.Token);
            probe = new DatabaseProbe(connectionString);
            await probe.ExecuteAsync("CREATE TABLE bench_raw (x bigint NOT NULL)");
            var statements = await TryCreateExtensionAsync(probe);
            if (options.NotifyShadow)
            {
                // Experiment: the server's unqualified pg_notify(...) resolves to this no-op, as if NOTIFY left the commit.
                await probe.ExecuteAsync("CREATE FUNCTION public.pg_notify(text, text) RETURNS void LANGUAGE plpgsql AS $$BEGIN END$$");
                await probe.ExecuteAsync("ALTER DATABASE bench_engine SET search_path = \"$user\", public, pg_catalog");
                Report.Progress("experiment: pg_notify shadowed by a no-op in this database");
            }

            effects = await EffectEndpoint.StartAsync();
            definitions = Directory.CreateTempSubdirectory("prometei-bench-definitions-").FullName;
            await File.WriteAllTextAsync(Path.Combine(definitions, EngineDefinitions.ActivitiesId + ".json"),
                EngineDefinitions.Activities(effects.BaseAddress).ToJsonString(), cts.Token);
            await File.WriteAllTextAsync(Path.Combine(definitions, EngineDefinitions.AckId + ".json"), EngineDefinitions.Ack().ToJsonString(), cts.Token);
            await File.WriteAllTextAsync(Path.Combine(definitions, FaultedId + ".json"), FaultedDefinition().ToJsonString(), cts.Token);

            var dll = ServiceProcess.FindBuildOutput("Prometei.Workflows");
            Report.Progress($"starting {dll}");
            server = await StartServerAsync(options, connectionString, definitions, "bench-node", runWorkers: true);
            http = NewHttpClient(server.BaseAddress);

            var benchmark = new EngineBenchmark(options, cts.Token, postgres, connectionString, definitions, effects, server, http, probe);
            await benchmark.RunAllAsync(dll, statements);
            return 0;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("engine benchmark: cancelled (Ctrl+C or the 12-minute limit).");
            return 1;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"engine benchmark failed: {ex}");
            if (server is not null)
            {
                Console.Error.WriteLine($"(server log: {server.LogFile})");
            }

            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            http?.Dispose();
            await Teardown.StopAsync(server, probe, postgres, definitions);
            if (effects is not null)
            {
                await effects.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Starts Prometei.Workflows from its build output, configured as shipped (defaults of <c>Workflows:*</c>, Production
    /// environment), plus the suite's database, definitions folder and any experiment options.
    /// </summary>
    private static Task<ServiceProcess> StartServerAsync(EngineOptions options, string connectionString, string definitions, string nodeId, bool runWorkers)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__workflows"] = options.ConnectionOptions.Length == 0 ? connectionString : connectionString + ";" + options.ConnectionOptions,
            ["Workflows__DefinitionsPath"] = definitions,
            ["Workflows__NodeId"] = nodeId,
            ["Workflows__RunWorkers"] = runWorkers ? "true" : "false",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (name, value) in options.ServerEnvironment)
        {
            environment[name] = value;
        }

        return ServiceProcess.StartAsync("Prometei.Workflows", environment);
    }

    private static HttpClient NewHttpClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(15),
    };

    private async Task RunAllAsync(string dll, bool statements)
    {
        var loadBefore = CpuMeter.LoadAverage();
        var version = await _probe.ScalarAsync<string>("SHOW server_version");
        var cores = Environment.ProcessorCount;
        var memoryGb = MemoryGb();
        Report.Progress($"machine: {cores} cores, {memoryGb:0.0} GB, PostgreSQL {version}; server {dll}");
        _report.Add("machine_cores", cores);
        _report.Add("machine_memory_gb", memoryGb, 1);
        _report.Add("postgres_version", version);
        _report.Add("load_average_before", loadBefore);

        await WarmUpAsync();
        var phases = _options.Phases;
        // Measured twice, at the start and next to the closed loop; the higher (the less disturbed) is the machine's figure.
        var raw = phases.Contains("raw") ? await RawCommitsAsync("start") : double.NaN;
        var activities = phases.Contains("activity") ? await ActivityRunAsync(statements) : double.NaN;
        if (phases.Contains("ack"))
        {
            await AckLevelsAsync();
        }

        if (phases.Contains("raw") && phases.Contains("closed"))
        {
            raw = Math.Max(raw, await RawCommitsAsync("before_closed"));
        }

        if (phases.Contains("faulted"))
        {
            await FaultedHttpAsync();
        }

        _report.Add("raw_commit_per_s", raw, 0);
        var ack = phases.Contains("closed") ? await ClosedLoopAsync() : double.NaN;
        if (phases.Contains("http-only"))
        {
            await HttpOnlyClosedLoopAsync();
        }

        if (phases.Contains("split"))
        {
            await SplitApiAndEngineAsync(); // last: it stops the main node
        }

        var loadAfter = CpuMeter.LoadAverage();

        _report.Header("Prometei.Workflows engine benchmark (tests/Prometei.Benchmarks, suite engine)");
        _report.Header(string.Create(CultureInfo.InvariantCulture,
            $"machine: {cores} cores, {memoryGb:0.0} GB memory, PostgreSQL {version} (fsync on, synchronous_commit on); load average before {loadBefore}, after {loadAfter}"));
        if (BackgroundBusyShare > 0.1)
        {
            _report.Header(string.Create(CultureInfo.InvariantCulture,
                $"DISTURBED: other processes kept the machine {BackgroundBusyShare * 100:0} % busy while this suite idled; rerun on a quiet machine"));
        }

        if (_options.NotifyShadow || _options.ConnectionOptions.Length > 0 || _options.ServerEnvironment.Count > 0)
        {
            _report.Header($"EXPERIMENT, not the server as shipped: {_options.Describe()}");
        }

        _report.Header(string.Create(CultureInfo.InvariantCulture,
            $"activity run: {_options.Instances} instances of HttpEndpoint → SetVariable → SendHttpRequest → WriteLine → SendHttpRequest, started through the HTTP trigger by {_options.StartClients} concurrent clients as fast as it acknowledges; timed from the first start request to the last instance's finished_at"));
        _report.Header("steady state: before the activity run the server ran unmeasured rounds of its flow until its tiered JIT settled (steady_state_*); activity_cpu_server_tiered_jit_ms_per_instance is what the JIT still took during the run");
        _report.Header("activity_executions_per_s counts the four body activities (journal rows Completed); the flowchart and the HttpEndpoint trigger are in ..._incl_flowchart_trigger");
        _report.Header("commits_per_effect_activity counts durable commits (transactions that were given a transaction id: every write or NOTIFY), exactly, from the transaction-id counter; read-only transactions are in transactions_*_incl_readonly");
        _report.Header(string.Create(CultureInfo.InvariantCulture,
            $"ack levels: open loop at fixed rates for {_options.AckSeconds} s each (after {_options.AckWarmupSeconds} s not measured), latency from each request's scheduled time; ack_ratio_to_raw = the closed-loop level ({_options.ClosedClients} clients, {_options.ClosedSeconds} s) / raw_commit_per_s (the higher of two {_options.RawSeconds} s measurements)"));
        _report.Header(string.Create(CultureInfo.InvariantCulture,
            $"targets: activity_executions_per_s >= {ActivityTarget} ({(activities >= ActivityTarget ? "met" : "MISSED")}), ack_ratio_to_raw >= {RatioTarget} ({(ack / raw >= RatioTarget ? "met" : "MISSED")})"));
        _report.Add("load_average_after", loadAfter);
        _report.Add("ack_ratio_to_raw", ack / raw, 3);
        _report.Add("target_activity_executions_per_s_met", activities >= ActivityTarget ? "yes" : "no");
        _report.Add("target_ack_ratio_to_raw_met", ack / raw >= RatioTarget ? "yes" : "no");
        _report.Print();
    }

    private static async Task<PostgresServer> StartPostgresAsync(CancellationToken cancellationToken)
    {
        var options = new PostgresServerOptions { Log = m => Report.Progress(m) };
        options.Settings["track_wal_io_timing"] = "on";
        if (Directory.GetFiles("/usr/share/postgresql", "pg_stat_statements.control", SearchOption.AllDirectories).Length > 0)
        {
            options.Settings["shared_preload_libraries"] = "pg_stat_statements";
        }

        return await PostgresServer.StartAsync(options, cancellationToken);
    }

    private static async Task<bool> TryCreateExtensionAsync(DatabaseProbe probe)
    {
        try
        {
            await probe.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await probe.ScalarAsync<long>("SELECT count(*) FROM pg_stat_statements");
            return true;
        }
        catch (PostgresException ex)
        {
            Report.Progress($"pg_stat_statements is not available ({ex.MessageText}); no statement breakdown");
            return false;
        }
    }

    /// <summary>
    /// Both flows once through the whole path (JIT, prepared statements, connection pools), then, before the activity run,
    /// rounds of its flow until the server's tiered JIT has settled (<see cref="SettleJitAsync"/>): the figures are steady state.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var response = await _http.PostAsync(AckUrl, null, _cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"/workflows/{EngineDefinitions.AckPath} answered {(int)response.StatusCode} for 30 s: the definitions were not published.");
            }

            await Task.Delay(200, _cancellationToken);
        }

        Report.Progress("warming up");
        var ack = await new LoadGenerator(_http, AckUrl).ClosedLoopAsync(16, TimeSpan.FromSeconds(3), 600, _cancellationToken);
        var flow = await new LoadGenerator(_http, ActivitiesUrl).ClosedLoopAsync(16, TimeSpan.FromSeconds(3), 200, _cancellationToken);
        await WaitFinishedAsync([.. ack.InstanceIds, .. flow.InstanceIds], TimeSpan.FromSeconds(60), "the warm-up instances");
        if (ack.Errors + flow.Errors > 0)
        {
            throw new InvalidOperationException($"{ack.Errors + flow.Errors} warm-up requests failed: see {_server.LogFile}.");
        }

        if (_options.Phases.Contains("activity"))
        {
            await SettleJitAsync();
        }
    }

    private Uri AckUrl => new(_server.BaseAddress, "workflows/" + EngineDefinitions.AckPath);

    private Uri ActivitiesUrl => new(_server.BaseAddress, "workflows/" + EngineDefinitions.ActivitiesPath);

    /// <summary>Polls until every instance is Finished; fails on faulted ones or after the timeout. Returns the wait.</summary>
    private async Task<TimeSpan> WaitFinishedAsync(IReadOnlyList<string> ids, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        var array = ids.ToArray();
        while (true)
        {
            var row = (await _probe.RowsAsync(
                "SELECT count(*) FILTER (WHERE status = 'Finished'), count(*) FILTER (WHERE sub_status = 'Faulted') FROM workflow_instances WHERE id = ANY($1)",
                (object)array))[0];
            var (finished, faulted) = (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
            if (faulted > 0)
            {
                throw new InvalidOperationException($"{faulted} of {what} faulted: see {_server.LogFile}.");
            }

            if (finished >= array.Length)
            {
                return watch.Elapsed;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {finished} of {array.Length} of {what} finished within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(50, _cancellationToken);
        }
    }

    private static double MemoryGb()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024 / 1024;
    }
}
