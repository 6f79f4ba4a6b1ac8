namespace Prometei.Workflows.Runtime.Scheduling;

/// <summary>
/// A fixed interval anchored at a start, as Elsa's Timer activity schedules: slots at start + interval, start + 2 × interval, …
/// Intervals are measured in absolute time, so clock changes do not move them.
/// </summary>
public sealed class IntervalSchedule : ISchedule
{
    public IntervalSchedule(TimeSpan interval, DateTimeOffset start)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        Start = start;
    }

    public TimeSpan Interval { get; }

    /// <summary>The anchor; the first slot is one interval after it.</summary>
    public DateTimeOffset Start { get; }

    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        instant < Start ? Slot(1) : Slot(((instant - Start).Ticks / Interval.Ticks) + 1);

    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset instant, DateTimeOffset notBefore)
    {
        if (instant < Start)
        {
            return null;
        }

        var count = (instant - Start).Ticks / Interval.Ticks;
        return count >= 1 && Slot(count) is { } slot && slot > notBefore ? slot : null;
    }

    public override string ToString() => $"every {Interval} from {Start:O}";

    private DateTimeOffset? Slot(long count)
    {
        try
        {
            return Start.AddTicks(checked(count * Interval.Ticks));
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
