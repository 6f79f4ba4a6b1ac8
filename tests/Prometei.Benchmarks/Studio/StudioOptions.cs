using System.Globalization;

namespace Prometei.Benchmarks.Studio;

/// <summary>
/// The <c>studio</c> suite's knobs, as <c>name=value</c> arguments after the suite name (for a quick try:
/// <c>-- studio instances=500 editor-runs=2 poll-requests=200</c>). The defaults are the published figures' settings.
/// </summary>
internal sealed record StudioOptions
{
    /// <summary>Finished instances of <c>HttpEndpoint → WriteLine → WriteLine</c> stored before the polling is measured.</summary>
    public int Instances { get; init; } = 10_000;

    /// <summary>Instances each of the faulting and the waiting (an hour's Delay) flows, so the store holds non-finished ones too.</summary>
    public int Unfinished { get; init; } = 10;

    /// <summary>Concurrent clients that start the instances through the HTTP trigger.</summary>
    public int SeedClients { get; init; } = 32;

    /// <summary>Cold loads of the editor, each in a fresh browser context; the median is <c>editor_ready_s</c>.</summary>
    public int EditorRuns { get; init; } = 5;

    /// <summary>Measured requests per polled endpoint, after <see cref="PollWarmup"/> that are not.</summary>
    public int PollRequests { get; init; } = 2000;

    public int PollWarmup { get; init; } = 200;

    /// <summary>The phases to run (both by default): <c>poll</c> (seeding and the polled endpoints), <c>editor</c>.</summary>
    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    public static readonly string[] AllPhases = ["poll", "editor"];

    public string Describe() => FormattableString.Invariant(
        $"instances={Instances} unfinished={Unfinished} seed-clients={SeedClients} editor-runs={EditorRuns} poll-requests={PollRequests} poll-warmup={PollWarmup} phases={string.Join(',', Phases)}");

    public static StudioOptions Parse(string[] args)
    {
        var options = new StudioOptions();
        foreach (var arg in args)
        {
            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : throw new ArgumentException($"Expected name=value, got '{arg}'.");
            options = name switch
            {
                "instances" => options with { Instances = Int(value) },
                "unfinished" => options with { Unfinished = Int(value) },
                "seed-clients" => options with { SeedClients = Int(value) },
                "editor-runs" => options with { EditorRuns = Int(value) },
                "poll-requests" => options with { PollRequests = Int(value) },
                "poll-warmup" => options with { PollWarmup = Int(value) },
                "phases" => options with { Phases = new HashSet<string>(value.Split(','), StringComparer.Ordinal) },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Instances is < 1 or > 100_000 || options.Unfinished is < 0 or > 1000 || options.SeedClients is < 1 or > 256
            || options.EditorRuns is < 1 or > 20 || options.PollRequests is < 10 or > 20_000 || options.PollWarmup is < 0 or > 5000
            || options.Phases.Count == 0 || options.Phases.Except(AllPhases).Any())
        {
            throw new ArgumentException(
                "An option is out of range (instances 1–100000, unfinished ≤ 1000, seed-clients ≤ 256, editor-runs 1–20, poll-requests 10–20000, poll-warmup ≤ 5000, phases poll,editor).");
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
