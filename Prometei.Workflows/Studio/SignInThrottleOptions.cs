using System.ComponentModel.DataAnnotations;

namespace Prometei.Workflows.Studio;

/// <summary>
/// Failed sign-ins allowed per client address and per user name (section <c>Studio:SignInThrottle</c>). After
/// <see cref="MaxFailures"/> failures the key is locked for <see cref="Lockout"/>, doubled on each further failure up to
/// <see cref="MaxLockout"/>; while locked every attempt, even with the right password, gets 429.
/// </summary>
public sealed class SignInThrottleOptions
{
    [Range(1, 1000)]
    public int MaxFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this are forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}
