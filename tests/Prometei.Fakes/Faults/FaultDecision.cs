namespace Prometei.Fakes.Faults;

/// <summary>What the dice decided for one request.</summary>
internal readonly record struct FaultDecision(
    TimeSpan Delay,
    bool Drop,
    bool DropResponse,
    bool Storm429,
    bool Random429,
    int? ServerError,
    bool Timeout = false);
