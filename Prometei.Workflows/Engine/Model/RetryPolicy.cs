namespace Prometei.Workflows.Engine.Model;

/// <summary>How a failed activity is retried: durable attempts with exponential backoff, a cap and jitter.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included. 1 means no retry.</param>
/// <param name="InitialDelay">The delay before the second attempt.</param>
/// <param name="Factor">Each delay is the previous one times this.</param>
/// <param name="MaxDelay">No delay is longer than this.</param>
/// <param name="Jitter">A share (0..1) of each delay that is randomised.</param>
/// <param name="Window">
/// When set, a transient failure is retried for this long after the activity's first failed attempt, however many attempts
/// that takes (a vendor down for hours): the attempts are bounded by the window and <paramref name="MaxDelay"/>.
/// </param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, double Factor, TimeSpan MaxDelay, double Jitter, TimeSpan? Window = null)
{
    /// <summary>Whether an activity that failed transiently on <paramref name="attempt"/>, first at <paramref name="firstFailedAt"/>, is tried again at <paramref name="now"/>.</summary>
    public bool Allows(int attempt, DateTimeOffset firstFailedAt, DateTimeOffset now) =>
        attempt < MaxAttempts || (Window is { } window && now - firstFailedAt < window);

    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(5), 0.2);

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based), before jitter is applied by <paramref name="random"/>.</summary>
    public TimeSpan DelayAfter(int attempt, Random random) => DelayAfter(attempt, random.NextDouble());

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based), with <paramref name="jitterSample"/> (0..1, 0.5 = no jitter) placing it in the jitter band.</summary>
    public TimeSpan DelayAfter(int attempt, double jitterSample)
    {
        var raw = InitialDelay.TotalMilliseconds * Math.Pow(Factor, Math.Max(0, attempt - 1));
        var capped = Math.Min(raw, MaxDelay.TotalMilliseconds);
        var jitter = capped * Jitter * ((jitterSample * 2) - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, capped + jitter));
    }
}
