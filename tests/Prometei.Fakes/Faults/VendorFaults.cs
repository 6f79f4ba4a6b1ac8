using Prometei.Fakes.Control;

namespace Prometei.Fakes.Faults;

/// <summary>The current fault set of one vendor and its dice. Thread-safe; one lock keeps the dice sequence repeatable.</summary>
internal sealed class VendorFaults(TimeProvider time, int? defaultSeed)
{
    private const int TimeoutSeedMix = 0x2545F491; // the timeout dice differ from the others under one seed

    private readonly Lock _lock = new();
    private FaultSettings _settings = new();
    private Random _random = CreateRandom(defaultSeed);
    private Random _timeoutRandom = CreateRandom(defaultSeed ^ TimeoutSeedMix);
    private DateTimeOffset _stormEnds = DateTimeOffset.MinValue;

    public FaultSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Set(FaultSettings settings)
    {
        lock (_lock)
        {
            _settings = settings;
            _random = CreateRandom(settings.Seed ?? defaultSeed);
            _timeoutRandom = CreateRandom((settings.Seed ?? defaultSeed) ^ TimeoutSeedMix);
            _stormEnds = settings.Storm429Seconds > 0
                ? time.GetUtcNow().AddSeconds(settings.Storm429Seconds)
                : DateTimeOffset.MinValue;
        }
    }

    public FaultDecision Decide(string method, string vendorPath, string? query = null)
    {
        lock (_lock)
        {
            var s = _settings;
            // Every request rolls every die, whatever applies, so a seeded sequence does not depend on which faults are on.
            var dropRoll = _random.NextDouble();
            var dropResponseRoll = _random.NextDouble();
            var tooManyRoll = _random.NextDouble();
            var serverErrorRoll = _random.NextDouble();
            var jitterRoll = _random.NextDouble();
            var timeoutRoll = _timeoutRandom.NextDouble();

            var applies = (string.IsNullOrEmpty(s.PathPrefix) || vendorPath.StartsWith(s.PathPrefix, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(s.Method) || string.Equals(s.Method, method, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(s.QueryContains) || Uri.UnescapeDataString(query ?? "").Contains(s.QueryContains, StringComparison.OrdinalIgnoreCase));
            if (!applies)
            {
                return default;
            }

            var delay = TimeSpan.FromMilliseconds(Math.Max(0, s.LatencyMs) + (jitterRoll * Math.Max(0, s.LatencyJitterMs)));
            return new FaultDecision(
                Delay: delay,
                Drop: dropRoll < s.DropConnectionRate,
                DropResponse: dropResponseRoll < s.DropResponseRate,
                Storm429: time.GetUtcNow() < _stormEnds,
                Random429: tooManyRoll < s.Status429Rate,
                ServerError: serverErrorRoll < s.Status5xxRate ? s.Status5xxCode : null,
                Timeout: timeoutRoll < s.TimeoutRate);
        }
    }

    /// <summary>Checks a fault set before it is applied; returns the errors by property name.</summary>
    public static Dictionary<string, string[]> Validate(FaultSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        void Rate(string name, double value)
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                errors[name] = ["Must be between 0 and 1."];
            }
        }

        Rate(nameof(FaultSettings.Status429Rate), settings.Status429Rate);
        Rate(nameof(FaultSettings.Status5xxRate), settings.Status5xxRate);
        Rate(nameof(FaultSettings.DropConnectionRate), settings.DropConnectionRate);
        Rate(nameof(FaultSettings.DropResponseRate), settings.DropResponseRate);
        Rate(nameof(FaultSettings.TimeoutRate), settings.TimeoutRate);
        if (settings.Status5xxCode is < 500 or > 599)
        {
            errors[nameof(FaultSettings.Status5xxCode)] = ["Must be a 5xx status."];
        }

        if (settings.LatencyMs < 0 || settings.LatencyJitterMs < 0 || settings.Storm429Seconds < 0 || settings.TimeoutMs < 0)
        {
            errors["Latency"] = ["LatencyMs, LatencyJitterMs, Storm429Seconds and TimeoutMs may not be negative."];
        }

        return errors;
    }

    private static Random CreateRandom(int? seed) => seed is int value ? new Random(value) : new Random();
}
