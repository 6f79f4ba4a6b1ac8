namespace Prometei.Testing;

/// <summary>
/// The system clock plus an offset that a test moves forward (<see cref="Jump"/>): time runs at its real pace between jumps,
/// so what waits on timers (rate limiters, HTTP timeouts, polling loops) behaves as usual, while logic that compares
/// timestamps (windows that stop short of now, leases, token lifetimes) sees the time the test moved to, without waiting
/// for it. Timers are not moved by a jump; for tests that drive timers, use a FakeTimeProvider.
/// </summary>
public sealed class JumpingClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far ahead of the system clock this clock is.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>The system's timestamp moved by the same offset, so elapsed times measured across a jump include it.</summary>
    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (System.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    /// <summary>Moves the clock forward by <paramref name="by"/> at once.</summary>
    public void Jump(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
