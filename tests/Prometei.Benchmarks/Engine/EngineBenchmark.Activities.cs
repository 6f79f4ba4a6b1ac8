using System.Diagnostics;
using System.Globalization;

namespace Prometei.Benchmarks.Engine;

internal sealed partial class EngineBenchmark
{
    /// <summary>Statement families of the server, by a piece of their text, for the per-instance breakdown.</summary>
    private static readonly (string Label, string Text)[] s_statementKinds =
    [
        ("create_instance", "INSERT INTO workflow_instances"),
        // The start's Run item; its column list grew (trace_parent), so match the front of it.
        ("create_work_item", "INSERT INTO work_items (instance_id, kind, due_at"),
        ("claim", "WITH candidates AS"),
        ("load", "SELECT state::text FROM workflow_instances"),
        ("load_work_items", "SELECT id, kind, target_id"),
        ("step_fence_check", "prometei_check_fence"),
        ("step_update_state", "SET status = $2, sub_status"),
        ("step_journal_upsert", "INSERT INTO activity_execution_steps"), // a step's records, one row (was an upsert)
        ("step_log_insert", "INSERT INTO execution_log"),
        ("step_consume_work", "DELETE FROM work_items WHERE"),
        ("notify", "pg_notify"),
        ("next_due_poll", "SELECT min(due_at) FROM work_items"),
        ("lease_renewal", "SET lease_until = now() +"),
    ];

    /// <summary>
    /// Starts <see cref="EngineOptions.Instances"/> instances of the four-activity flow through its HTTP trigger and waits for all to
    /// finish. Returns activity executions per second (the four body activities).
    /// </summary>
    private async Task<double> ActivityRunAsync(bool statements)
    {
        // Quiet the database's statistics first: idle backends report theirs up to 10 s late.
        await _probe.CloseAsync();
        if (statements)
        {
            await _probe.ExecuteAsync("SELECT pg_stat_statements_reset()");
        }

        Report.Progress($"activity run: settling {DatabaseProbe.StatsSettle.TotalSeconds} s so the statistics are current");
        var idleWatch = Stopwatch.StartNew();
        var idleCpu0 = _cpu.Sample();
        await Task.Delay(DatabaseProbe.StatsSettle, _cancellationToken);
        var idleCpu = _cpu.Sample().Since(idleCpu0);
        BackgroundBusyShare = idleCpu.OtherProcessesShare(Environment.ProcessorCount);
        Report.Progress(string.Create(CultureInfo.InvariantCulture, $"activity run: other processes kept the machine {BackgroundBusyShare * 100:0.0} % busy while this suite idled"));
        _report.Add("background_busy_pct_while_idle", BackgroundBusyShare * 100, 1);
        var idleStatementsPerSecond = statements ? await ServerStatementsAsync() / idleWatch.Elapsed.TotalSeconds : 0;
        _probe.ResetCount();
        var committed0 = await _probe.TransactionsCommittedAsync();
        var wal0 = await _probe.WalAsync();
        if (statements)
        {
            await _probe.ExecuteAsync("SELECT pg_stat_statements_reset()");
        }

        var finishedBefore = await FinishedOfAsync(EngineDefinitions.ActivitiesId);
        var effectsBefore = _effects.Requests;
        var xid0 = await _probe.NextTransactionIdAsync();
        var cpu0 = _cpu.Sample();

        var sampler = await WaitSampler.StartAsync(_connectionString);
        Report.Progress($"activity run: starting {_options.Instances} instances with {_options.StartClients} concurrent clients");
        var firstStart = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var starts = new LoadGenerator(_http, ActivitiesUrl).ClosedLoopAsync(_options.StartClients, TimeSpan.FromMinutes(2), _options.Instances, _cancellationToken);
        var allStarted = TimeSpan.Zero;
        LoadResult? started = null;
        var polls = 0;
        while (true)
        {
            if (started is null && starts.IsCompleted)
            {
                started = await starts;
                allStarted = watch.Elapsed;
                if (started.Errors > 0)
                {
                    throw new InvalidOperationException($"{started.Errors} start requests failed: see {_server.LogFile}.");
                }
            }

            polls++;
            var finished = await FinishedOfAsync(EngineDefinitions.ActivitiesId) - finishedBefore;
            if (started is not null && finished >= started.Succeeded)
            {
                break;
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"Only {finished} of {_options.Instances} instances finished within 3 minutes.");
            }

            await Task.Delay(50, _cancellationToken);
        }

        var detected = watch.Elapsed;
        var xid1 = await _probe.NextTransactionIdAsync();
        var cpu = _cpu.Sample().Since(cpu0);
        var waits = await sampler.StopAsync();
        await sampler.DisposeAsync();
        var statementRows = statements ? await StatementsAsync() : [];
        var ids = started.InstanceIds.ToArray();
        var lastFinished = await _probe.ScalarAsync<DateTime>("SELECT max(finished_at) FROM workflow_instances WHERE id = ANY($1)", (object)ids);
        var wall = (lastFinished - firstStart).TotalSeconds;

        var journal = await _probe.RowsAsync(
            "SELECT activity_type, count(*) FROM activity_executions WHERE instance_id = ANY($1) AND status = 'Completed' GROUP BY activity_type", (object)ids);
        long Completed(Func<string, bool> type) => journal.Where(r => type((string)r[0]!)).Sum(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        var body = Completed(t => EngineDefinitions.BodyActivityTypes.Contains(t));
        var all = Completed(_ => true);
        var effects = Completed(t => t == EngineDefinitions.EffectActivityType);
        var notCompleted = await _probe.ScalarAsync<long>("SELECT count(*) FROM activity_executions WHERE instance_id = ANY($1) AND status <> 'Completed'", (object)ids);
        var timeline = await TimelineAsync(ids);

        // Every transaction of the database, read-only ones too: after the statistics settle, less this probe's and the server's idle polling.
        var settleStarted = Stopwatch.StartNew();
        var monitorTransactions = _probe.Transactions + sampler.Samples;
        await _probe.CloseAsync();
        await Task.Delay(DatabaseProbe.StatsSettle, _cancellationToken);
        var committed1 = await _probe.TransactionsCommittedAsync();
        var wal1 = await _probe.WalAsync();
        var idleDuringSettle = idleStatementsPerSecond * settleStarted.Elapsed.TotalSeconds;
        var allTransactions = committed1 - committed0 - monitorTransactions - idleDuringSettle;
        var durable = xid1 - xid0;
        var n = (double)ids.Length;
        var perSecond = body / wall;

        Report.Progress(string.Create(CultureInfo.InvariantCulture,
            $"activity run: {ids.Length} instances in {wall:0.00} s, {body} body activities ({all} with flowchart and trigger), {effects} effects; {durable} durable commits"));
        _report.Add("activity_instances", ids.Length);
        _report.Add("activity_start_mode", $"http_trigger_{_options.StartClients}_concurrent_clients");
        _report.Add("activity_wall_s", wall, 3);
        _report.Add("activity_all_acknowledged_s", allStarted.TotalSeconds, 3);
        _report.Add("activity_finish_detected_by_polling_s", detected.TotalSeconds, 3);
        _report.Add("activity_executions_per_s", perSecond, 0);
        _report.Add("activity_executions_per_s_incl_flowchart_trigger", all / wall, 0);
        _report.Add("activity_executions_counted", body);
        _report.Add("activity_executions_counted_incl_flowchart_trigger", all);
        _report.Add("activity_executions_not_completed", notCompleted);
        _report.Add("instances_per_s", n / wall, 0);
        _report.Add("effect_activity_executions", effects);
        _report.Add("effect_endpoint_requests", _effects.Requests - effectsBefore);
        _report.Add("commits_per_effect_activity", durable / (double)effects, 3);
        _report.Add("commits_per_instance", durable / n, 3);
        _report.Add("commits_total", durable);
        _report.Add("transactions_per_instance_incl_readonly", allTransactions / n, 2);
        _report.Add("transactions_per_effect_activity_incl_readonly", allTransactions / effects, 2);
        _report.Add("wal_flushes_per_instance", (wal1.Syncs - wal0.Syncs) / n, 3);
        _report.Add("wal_flush_ms_avg", (wal1.SyncMs - wal0.SyncMs) / Math.Max(1, wal1.Syncs - wal0.Syncs), 3);
        _report.Add("wal_records_per_instance", (wal1.Records - wal0.Records) / n, 1);
        foreach (var (label, calls, ms) in statementRows)
        {
            _report.Add($"stmt_{label}_per_instance", calls / n, 3);
            _report.Add($"stmt_{label}_exec_ms_per_instance", ms / n, 4);
        }

        foreach (var (segment, values) in timeline)
        {
            _report.Add($"timeline_{segment}_p50_ms", LoadGenerator.Percentile(values, 0.5), 2);
            _report.Add($"timeline_{segment}_p99_ms", LoadGenerator.Percentile(values, 0.99), 2);
        }

        AddCpu("activity", cpu, n);
        _report.Add("activity_cpu_server_tiered_jit_ms_per_instance", cpu.ServerJitSeconds * 1000 / n, 3);
        AddWaits("activity", waits);
        return perSecond;
    }

    private void AddCpu(string prefix, CpuUse cpu, double instances)
    {
        _report.Add($"{prefix}_machine_busy_pct", cpu.MachineBusyShare * 100, 1);
        _report.Add($"{prefix}_other_processes_pct", cpu.OtherProcessesShare(Environment.ProcessorCount) * 100, 1);
        _report.Add($"{prefix}_cpu_server_ms_per_instance", cpu.ServerSeconds * 1000 / instances, 3);
        _report.Add($"{prefix}_cpu_postgres_ms_per_instance", cpu.PostgresSeconds * 1000 / instances, 3);
        _report.Add($"{prefix}_cpu_benchmark_ms_per_instance", cpu.BenchmarkSeconds * 1000 / instances, 3);
    }

    private Task<long> FinishedOfAsync(string definitionId) =>
        _probe.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE definition_id = $1 AND status = 'Finished'", definitionId);

    /// <summary>Calls of the server's statements since the last reset (not this probe's, which read <c>pg_stat*</c> or <c>bench_raw</c>).</summary>
    private Task<long> ServerStatementsAsync() => _probe.ScalarAsync<long>(
        """
        SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%' AND query NOT LIKE '%bench_raw%'
        """);

    /// <summary>The server's statements since the last reset, by family: calls and execution time (not the commit's flush).</summary>
    private async Task<List<(string Label, long Calls, double Ms)>> StatementsAsync()
    {
        var rows = await _probe.RowsAsync(
            """
            SELECT query, calls, total_exec_time FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%'
            """);
        var result = new Dictionary<string, (long Calls, double Ms)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var query = (string)row[0]!;
            var label = s_statementKinds.FirstOrDefault(k => query.Contains(k.Text, StringComparison.Ordinal)).Label ?? "other";
            if (label == "other")
            {
                Report.Progress($"other statement: {row[1]} calls: {string.Join(' ', query.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))[..Math.Min(query.Length, 160)]}");
            }

            var (calls, ms) = result.GetValueOrDefault(label);
            result[label] = (calls + Convert.ToInt64(row[1], CultureInfo.InvariantCulture), ms + Convert.ToDouble(row[2], CultureInfo.InvariantCulture));
        }

        return [.. s_statementKinds.Select(k => k.Label).Append("other").Where(result.ContainsKey).Select(l => (l, result[l].Calls, result[l].Ms))];
    }

    /// <summary>
    /// Where each instance's time went, from the journal's server-side timestamps (ms): created → first activity (queue wait, claim,
    /// load), first activity → first effect started (pure activities), the two HTTP calls, between them (step commit, WriteLine),
    /// and after the last (step commit, completing the flowchart).
    /// </summary>
    private async Task<List<(string Segment, double[] Values)>> TimelineAsync(string[] ids)
    {
        var rows = await _probe.RowsAsync(
            """
            SELECT i.created_at, i.finished_at,
                min(e.started_at) FILTER (WHERE e.activity_id = 'start'),
                min(e.started_at) FILTER (WHERE e.activity_id = 'call1'), max(e.completed_at) FILTER (WHERE e.activity_id = 'call1'),
                min(e.started_at) FILTER (WHERE e.activity_id = 'call2'), max(e.completed_at) FILTER (WHERE e.activity_id = 'call2')
            FROM workflow_instances i JOIN activity_executions e ON e.instance_id = i.id
            WHERE i.id = ANY($1) AND e.instance_id = ANY($1)
            GROUP BY i.id, i.created_at, i.finished_at
            """, (object)ids);
        var segments = new (string Name, int From, int To)[]
        {
            ("created_to_first_activity", 0, 2),
            ("pure_activities_before_effect", 2, 3),
            ("effect1_http_call", 3, 4),
            ("between_effects", 4, 5),
            ("effect2_http_call", 5, 6),
            ("after_last_effect_to_finished", 6, 1),
            ("created_to_finished", 0, 1),
        };
        return [.. segments.Select(s => (s.Name, rows
            .Where(r => r[s.From] is DateTime && r[s.To] is DateTime)
            .Select(r => ((DateTime)r[s.To]! - (DateTime)r[s.From]!).TotalMilliseconds)
            .Order()
            .ToArray()))];
    }
}
