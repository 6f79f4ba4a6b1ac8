using Prometei.Benchmarks.AppHost;
using Prometei.Benchmarks.Chaos;
using Prometei.Benchmarks.Engine;
using Prometei.Benchmarks.Flows;
using Prometei.Benchmarks.Gateway;
using Prometei.Benchmarks.Studio;

// Benchmarks print one name=value line per figure. Usage: dotnet run -c Release --project tests/Prometei.Benchmarks -- <suite> [name=value ...]
var suites = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["engine"] = EngineBenchmark.RunAsync, // Engine/EngineBenchmark.cs: activity throughput, commits per effect, trigger ack latency
    ["gateway"] = GatewayBenchmark.RunAsync, // Gateway/GatewayBenchmark.cs: amoCRM requests per order, 429s, backlog sync time
    ["flows"] = FlowsBenchmark.RunAsync, // Flows/FlowsBenchmark.cs: webhook → ERP task latency, webhook ack with a slow ERP
    ["apphost"] = AppHostBenchmark.RunAsync, // AppHost/AppHostBenchmark.cs: cold and warm start to all healthy, idle memory, stop
    ["chaos"] = ChaosBenchmark.RunAsync, // Chaos/ChaosBenchmark.cs: 1,000 orders and 1,000 webhooks under vendor faults, kills and a 10-minute ERP outage; nothing lost or doubled
    ["studio"] = StudioBenchmark.RunAsync, // Studio/StudioBenchmark.cs: cold editor load (time, bytes), viewer and list polling latency with 10,000 instances
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Prometei.Benchmarks <{string.Join('|', suites.Keys)}>");
    return 2;
}

return await run(args[1..]);
