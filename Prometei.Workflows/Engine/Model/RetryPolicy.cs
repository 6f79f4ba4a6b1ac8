namespace Prometei.Workflows.Engine.Model;

/// <summary>How a failed activity is retried: durable attempts with exponential backoff, a cap and jitter.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included. 1 means no retry.</param>
/// <param name="InitialDelay">The delay before the second attempt.</param>
/// <param name="Factor">Each delay is the previous one times this.</param>
/// <param name="MaxDelay">No delay is longer than this.</param>
/// <param name="Jitter">A share (0..1) of each delay that is randomised.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, double Factor, TimeSpan MaxDelay, double Jitter)
{
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(5), 0.2);

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based), before jitter is applied by <paramref name="random"/>.</summary>
    public TimeSpan DelayAfter(int attempt, Random random)
    {
        var raw = InitialDelay.TotalMilliseconds * Math.Pow(Factor, Math.Max(0, attempt - 1));
        var capped = Math.Min(raw, MaxDelay.TotalMilliseconds);
        var jitter = capped * Jitter * ((random.NextDouble() * 2) - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, capped + jitter));
    }
}
