using System.Globalization;

namespace Prometei.Benchmarks.Engine;

/// <summary>
/// The suite's knobs, as <c>name=value</c> arguments after the suite name (for a quick try:
/// <c>-- engine instances=200 ack-seconds=5 raw-seconds=2</c>). The defaults are the published figures' settings.
/// </summary>
internal sealed record EngineOptions
{
    /// <summary>Instances of the four-activity flow started for <c>activity_executions_per_s</c>.</summary>
    public int Instances { get; init; } = 1000;

    /// <summary>Concurrent HTTP clients that start them, each sending its next start when the last one is acknowledged.</summary>
    public int StartClients { get; init; } = 64;

    /// <summary>The open-loop acknowledgement levels, requests per second.</summary>
    public IReadOnlyList<int> AckRates { get; init; } = [100, 500, 1000];

    /// <summary>How long each level is measured (after <see cref="AckWarmupSeconds"/> at the same rate that is not).</summary>
    public double AckSeconds { get; init; } = 30;

    public double AckWarmupSeconds { get; init; } = 2;

    /// <summary>The closed-loop level: concurrent clients and seconds.</summary>
    public int ClosedClients { get; init; } = 32;

    public double ClosedSeconds { get; init; } = 10;

    /// <summary>How long the raw single-connection commit loop runs.</summary>
    public double RawSeconds { get; init; } = 5;

    public string Describe() => FormattableString.Invariant(
        $"instances={Instances} start-clients={StartClients} ack-rates={string.Join(',', AckRates)} ack-seconds={AckSeconds} ack-warmup-seconds={AckWarmupSeconds} closed-clients={ClosedClients} closed-seconds={ClosedSeconds} raw-seconds={RawSeconds} phases={string.Join(',', Phases)}") +
        string.Concat(ServerEnvironment.Select(e => $" server-env={e.Key}={e.Value}")) + (ConnectionOptions.Length > 0 ? $" connection-options={ConnectionOptions}" : "") + (NotifyShadow ? " notify-shadow=true" : "");

    /// <summary>The phases to run (all by default): raw, activity, ack, faulted, closed, http-only, split.</summary>
    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    public static readonly string[] AllPhases = ["raw", "activity", "ack", "faulted", "closed", "http-only", "split"];

    /// <summary>Extra environment for the server process, for experiments (<c>server-env=DOTNET_gcServer=0</c>, repeatable).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Extra connection-string options for the server, for experiments (<c>connection-options=No Reset On Close=true</c>).</summary>
    public string ConnectionOptions { get; init; } = "";

    /// <summary>
    /// Experiment: shadow <c>pg_notify</c> with a no-op in the benchmark database (<c>search_path</c> puts <c>public</c> before
    /// <c>pg_catalog</c>), to measure what NOTIFY inside the commit costs. Wake-ups then come from the node itself and polling.
    /// </summary>
    public bool NotifyShadow { get; init; }

    public static EngineOptions Parse(string[] args)
    {
        var options = new EngineOptions();
        foreach (var arg in args)
        {
            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : throw new ArgumentException($"Expected name=value, got '{arg}'.");
            options = name switch
            {
                "instances" => options with { Instances = Int(value) },
                "start-clients" => options with { StartClients = Int(value) },
                "ack-rates" => options with { AckRates = [.. value.Split(',').Select(Int)] },
                "ack-seconds" => options with { AckSeconds = Double(value) },
                "ack-warmup-seconds" => options with { AckWarmupSeconds = Double(value) },
                "closed-clients" => options with { ClosedClients = Int(value) },
                "closed-seconds" => options with { ClosedSeconds = Double(value) },
                "raw-seconds" => options with { RawSeconds = Double(value) },
                "phases" => options with { Phases = new HashSet<string>(value.Split(','), StringComparer.Ordinal) },
                "server-env" => options with
                {
                    ServerEnvironment = new Dictionary<string, string>(options.ServerEnvironment, StringComparer.Ordinal)
                    {
                        [value.Split('=', 2)[0]] = value.Split('=', 2) is [_, var v2] ? v2 : throw new ArgumentException("server-env=NAME=VALUE"),
                    },
                },
                "connection-options" => options with { ConnectionOptions = value },
                "notify-shadow" => options with { NotifyShadow = bool.Parse(value) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Instances is < 1 or > 100_000 || options.AckSeconds is <= 0 or > 300 || options.RawSeconds is <= 0 or > 60
            || options.ClosedSeconds is <= 0 or > 120 || options.AckRates.Any(r => r is < 1 or > 5000) || options.Phases.Except(AllPhases).Any())
        {
            throw new ArgumentException("An option is out of range (instances ≤ 100000, ack-seconds ≤ 300, raw-seconds ≤ 60, closed-seconds ≤ 120, rates ≤ 5000, known phases).");
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Double(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
