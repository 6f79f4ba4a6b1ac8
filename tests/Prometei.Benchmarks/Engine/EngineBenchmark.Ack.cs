using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Prometei.Benchmarks.Engine;

internal sealed partial class EngineBenchmark
{
    /// <summary>A fixed level counts as sustained when it achieves this share of its rate with no error and this p99.</summary>
    private const double SustainedShare = 0.95;
    private const double SustainedP99Ms = 100;

    /// <summary>
    /// The database's own commit rate on this machine: one connection, a prepared autocommit INSERT in a loop. Returns commits
    /// per second.
    /// </summary>
    private async Task<double> RawCommitsAsync(string tag)
    {
        Report.Progress($"raw commits: one connection, INSERT INTO bench_raw autocommit, {_options.RawSeconds} s");
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(_cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO bench_raw (x) VALUES ($1)", connection);
        var parameter = new NpgsqlParameter<long> { TypedValue = 0 };
        insert.Parameters.Add(parameter);
        await insert.PrepareAsync(_cancellationToken);

        var latencies = new List<double>(capacity: 100_000);
        var limit = TimeSpan.FromSeconds(_options.RawSeconds);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit && latencies.Count < 1_000_000)
        {
            var before = Stopwatch.GetTimestamp();
            parameter.TypedValue = latencies.Count;
            await insert.ExecuteNonQueryAsync(_cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
        }

        var rate = latencies.Count / watch.Elapsed.TotalSeconds;
        latencies.Sort();
        Report.Progress(string.Create(CultureInfo.InvariantCulture, $"raw commits: {rate:0} per second"));
        _report.Add($"raw_commit_per_s_{tag}", rate, 0);
        _report.Add($"raw_commit_p50_ms_{tag}", LoadGenerator.Percentile(latencies, 0.5), 3);
        _report.Add($"raw_commit_p99_ms_{tag}", LoadGenerator.Percentile(latencies, 0.99), 3);
        return rate;
    }

    /// <summary>
    /// The HTTP trigger's acknowledgement latency at fixed open-loop rates; after each level, how long the engine took to finish
    /// the instances it started.
    /// </summary>
    private async Task AckLevelsAsync()
    {
        var load = new LoadGenerator(_http, AckUrl);
        double sustained = 0;
        foreach (var rate in _options.AckRates)
        {
            Report.Progress($"ack {rate}/s: {_options.AckWarmupSeconds} s unmeasured, then {_options.AckSeconds} s measured, open loop");
            var warm = await load.OpenLoopAsync(rate, TimeSpan.FromSeconds(_options.AckWarmupSeconds), _cancellationToken);
            var cpu0 = _cpu.Sample();
            var result = await load.OpenLoopAsync(rate, TimeSpan.FromSeconds(_options.AckSeconds), _cancellationToken);
            var cpu = _cpu.Sample().Since(cpu0);
            var drain = await WaitFinishedAsync([.. warm.InstanceIds, .. result.InstanceIds], TimeSpan.FromSeconds(120), $"the {rate}/s level's instances");
            Report.Progress(string.Create(CultureInfo.InvariantCulture,
                $"ack {rate}/s: achieved {result.AchievedRate:0.0}/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, max {result.MaxMs:0.0} ms, {result.Errors} errors; engine drained {drain.TotalSeconds:0.0} s after"));
            _report.Add($"ack_p50_ms_{rate}", result.P50Ms, 2);
            _report.Add($"ack_p90_ms_{rate}", result.P90Ms, 2);
            _report.Add($"ack_p99_ms_{rate}", result.P99Ms, 2);
            _report.Add($"ack_max_ms_{rate}", result.MaxMs, 1);
            _report.Add($"ack_achieved_rate_{rate}", result.AchievedRate, 1);
            _report.Add($"ack_errors_{rate}", result.Errors);
            _report.Add($"ack_engine_drain_s_{rate}", drain.TotalSeconds, 2);
            AddCpu($"ack_{rate}", cpu, result.Sent);
            if (result.Errors == 0 && result.AchievedRate >= SustainedShare * rate && result.P99Ms <= SustainedP99Ms)
            {
                sustained = Math.Max(sustained, rate);
            }
        }

        _report.Add("ack_sustained_fixed_rate", sustained, 0);
    }

    /// <summary>
    /// The highest acknowledgement rate: <see cref="EngineOptions.ClosedClients"/> clients posting back to back for
    /// <see cref="EngineOptions.ClosedSeconds"/>, while the same node's engine runs the instances they start (it must keep up:
    /// the drain time after says whether it did). Returns the rate <c>ack_ratio_to_raw</c> uses.
    /// </summary>
    private async Task<double> ClosedLoopAsync()
    {
        var tag = $"closed_{_options.ClosedClients}";
        var closed = await MeasureClosedLoopAsync(_http, AckUrl, tag, "ack closed loop");
        var drain = await WaitFinishedAsync(closed.InstanceIds, TimeSpan.FromSeconds(180), "the closed-loop level's instances");
        Report.Progress(string.Create(CultureInfo.InvariantCulture, $"ack closed loop: engine drained {drain.TotalSeconds:0.0} s after"));
        _report.Add($"ack_engine_drain_s_{tag}", drain.TotalSeconds, 2);
        return closed.AchievedRate;
    }

    /// <summary>
    /// Splits the trigger path from the engine: the main node stops, a node that only serves the API
    /// (<c>Workflows:RunWorkers=false</c>) takes the same closed loop, then a fresh worker node runs the backlog it left with no
    /// HTTP load. Runs last: the main node is gone afterwards.
    /// </summary>
    private async Task SplitApiAndEngineAsync()
    {
        Report.Progress("split: stopping the main node, starting an API-only node (Workflows:RunWorkers=false)");
        await _server.StopAsync(TimeSpan.FromSeconds(10));
        LoadResult closed, warm;
        await using (var api = await StartServerAsync(_options, _connectionString, _definitions, "bench-api-only", runWorkers: false))
        {
            using var http = NewHttpClient(api.BaseAddress);
            var url = new Uri(api.BaseAddress, "workflows/" + EngineDefinitions.AckPath);
            warm = await new LoadGenerator(http, url).ClosedLoopAsync(_options.ClosedClients, TimeSpan.FromSeconds(2), 100_000, _cancellationToken);
            closed = await MeasureClosedLoopAsync(http, url, $"closed_{_options.ClosedClients}_api_only", "ack closed loop, API-only node",
                new CpuMeter(api.ProcessId, _postgres.DataDirectory));
            await api.StopAsync(TimeSpan.FromSeconds(10));
        }

        string[] backlog = [.. warm.InstanceIds, .. closed.InstanceIds];
        Report.Progress($"split: a worker node runs the {backlog.Length} instances left, with no HTTP load");
        await using var worker = await StartServerAsync(_options, _connectionString, _definitions, "bench-worker", runWorkers: true);
        var meter = new CpuMeter(worker.ProcessId, _postgres.DataDirectory);
        var cpu0 = meter.Sample();
        await using var sampler = await WaitSampler.StartAsync(_connectionString);
        await WaitFinishedAsync(backlog, TimeSpan.FromSeconds(180), "the API-only level's instances");
        var waits = await sampler.StopAsync();
        var cpu = meter.Sample().Since(cpu0);
        // From the first activity the worker ran to the last instance it finished, by the journal's clock.
        var span = (await _probe.RowsAsync(
            """
            SELECT extract(epoch FROM max(i.finished_at) - min(e.started_at))::float8
            FROM workflow_instances i JOIN activity_executions e ON e.instance_id = i.id WHERE i.id = ANY($1) AND e.instance_id = ANY($1)
            """, (object)backlog))[0][0];
        var rate = backlog.Length / Convert.ToDouble(span, CultureInfo.InvariantCulture);
        Report.Progress(string.Create(CultureInfo.InvariantCulture, $"split: the engine alone ran {rate:0} instances/s (HttpEndpoint → WriteLine)"));
        _report.Add("engine_only_instances_per_s_ack_flow", rate, 0);
        AddCpu("engine_only", cpu, backlog.Length);
        AddWaits("engine_only", waits);
        await worker.StopAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>The HTTP stack's ceiling on this machine with this client: the same closed loop on <c>GET /alive</c> (no database).</summary>
    private async Task HttpOnlyClosedLoopAsync()
    {
        Report.Progress("http only: closed loop on GET /alive");
        var url = new Uri(_server.BaseAddress, "alive");
        var clients = _options.ClosedClients;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(5 * Stopwatch.Frequency);
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var (ok, failed) = (0, 0);
            while (Stopwatch.GetTimestamp() < end && ok + failed < 1_000_000)
            {
                using var response = await _http.GetAsync(url, _cancellationToken);
                (ok, failed) = response.IsSuccessStatusCode ? (ok + 1, failed) : (ok, failed + 1);
            }

            return (ok, failed);
        }));
        var rate = counts.Sum(c => c.ok) / Stopwatch.GetElapsedTime(start).TotalSeconds;
        _report.Add($"http_only_errors_closed_{clients}", counts.Sum(c => c.failed));
        Report.Progress(string.Create(CultureInfo.InvariantCulture, $"http only: {rate:0}/s"));
        _report.Add($"http_only_rate_closed_{clients}", rate, 0);
    }

    private async Task<LoadResult> MeasureClosedLoopAsync(HttpClient http, Uri url, string tag, string what, CpuMeter? meter = null)
    {
        Report.Progress($"{what}: {_options.ClosedClients} clients, {_options.ClosedSeconds} s");
        meter ??= _cpu;
        var cpu0 = meter.Sample();
        await using var sampler = await WaitSampler.StartAsync(_connectionString);
        var closed = await new LoadGenerator(http, url).ClosedLoopAsync(_options.ClosedClients, TimeSpan.FromSeconds(_options.ClosedSeconds), 1_000_000, _cancellationToken);
        var waits = await sampler.StopAsync();
        var cpu = meter.Sample().Since(cpu0);
        Report.Progress(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {closed.AchievedRate:0.0}/s, p50 {closed.P50Ms:0.00} ms, p99 {closed.P99Ms:0.00} ms, {closed.Errors} errors"));
        _report.Add($"ack_max_rate_{tag}", closed.AchievedRate, 1);
        _report.Add($"ack_p50_ms_{tag}", closed.P50Ms, 2);
        _report.Add($"ack_p99_ms_{tag}", closed.P99Ms, 2);
        _report.Add($"ack_errors_{tag}", closed.Errors);
        AddCpu($"ack_{tag}", cpu, closed.Sent);
        AddWaits($"ack_{tag}", waits);
        return closed;
    }

    /// <summary>The database's active backends by what they were doing, averaged over the samples.</summary>
    private void AddWaits(string prefix, List<(string State, double AverageBackends)> waits)
    {
        foreach (var (state, average) in waits.Take(6))
        {
            _report.Add($"{prefix}_db_active_{state.Replace(':', '_')}", average, 2);
        }
    }
}
