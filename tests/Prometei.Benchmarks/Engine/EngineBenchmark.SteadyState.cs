using System.Globalization;

namespace Prometei.Benchmarks.Engine;

internal sealed partial class EngineBenchmark
{
    /// <summary>Instances of the four-activity flow per unmeasured warm-up round.</summary>
    private const int SteadyStateRoundInstances = 500;

    private const int SteadyStateMinRounds = 2;

    private const int SteadyStateMaxRounds = 8;

    /// <summary>A round whose tiered-compilation CPU is below this share of the server's CPU counts as settled.</summary>
    private const double SteadyStateJitShare = 0.05;

    /// <summary>
    /// Runs unmeasured rounds of the measured flow, started the same way, until the server's tiered JIT has settled: the runtime
    /// recompiles hot methods (tier 1, with dynamic PGO an instrumented tier in between) on a background thread for a while
    /// after they first run, and a fresh process spent ~10 % of the machine on it during the measured run. Under load the
    /// runtime keeps postponing those recompilations (it waits for 100 ms without new tier-0 methods), so after each round
    /// the suite waits until that thread stops using CPU. A round counts as settled when the thread used less than 5 % of the
    /// server's CPU during it; at least 2 and at most 8 rounds.
    /// </summary>
    private async Task SettleJitAsync()
    {
        var rounds = 0;
        var instances = 0;
        double share;
        while (true)
        {
            var cpu0 = _cpu.Sample();
            var round = await new LoadGenerator(_http, ActivitiesUrl).ClosedLoopAsync(
                _options.StartClients, TimeSpan.FromMinutes(1), SteadyStateRoundInstances, _cancellationToken);
            await WaitFinishedAsync(round.InstanceIds, TimeSpan.FromSeconds(120), "the warm-up instances");
            if (round.Errors > 0)
            {
                throw new InvalidOperationException($"{round.Errors} warm-up requests failed: see {_server.LogFile}.");
            }

            var cpu = _cpu.Sample().Since(cpu0);
            await WaitJitIdleAsync();
            rounds++;
            instances += round.InstanceIds.Count;
            share = cpu.ServerSeconds > 0 ? cpu.ServerJitSeconds / cpu.ServerSeconds : 0;
            Report.Progress(string.Create(CultureInfo.InvariantCulture,
                $"steady state: round {rounds}, {round.InstanceIds.Count} instances, server {cpu.ServerSeconds * 1000 / Math.Max(1, round.InstanceIds.Count):0.000} ms/instance, tiered JIT {share * 100:0.0} % of it"));
            if (rounds >= SteadyStateMaxRounds || (rounds >= SteadyStateMinRounds && share < SteadyStateJitShare))
            {
                break;
            }
        }

        _report.Add("steady_state_warmup_rounds", rounds);
        _report.Add("steady_state_settled", share < SteadyStateJitShare ? "yes" : "no");
        _report.Add("steady_state_warmup_instances", instances);
        _report.Add("steady_state_last_round_tiered_jit_pct", share * 100, 1);
    }

    /// <summary>Waits (at most 10 s) until the server's tiered-compilation thread has used no CPU for half a second.</summary>
    private async Task WaitJitIdleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var last = _cpu.Sample().ServerJit;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, _cancellationToken);
            var now = _cpu.Sample().ServerJit;
            if (now <= last)
            {
                return;
            }

            last = now;
        }
    }
}
