using Prometei.Workflows.Runtime.Scheduling;

namespace Prometei.Workflows.UnitTests.Scheduling;

public sealed class IntervalScheduleTests
{
    private static readonly DateTimeOffset s_start = new(2025, 6, 1, 10, 0, 0, TimeSpan.FromHours(5));
    private readonly IntervalSchedule _schedule = new(TimeSpan.FromMinutes(10), s_start);

    [Fact]
    public void NextAfter_BeforeOrAtStart_IsOneIntervalAfterStart()
    {
        Assert.Equal(s_start.AddMinutes(10), _schedule.NextAfter(s_start.AddDays(-1)));
        Assert.Equal(s_start.AddMinutes(10), _schedule.NextAfter(s_start));
    }

    [Fact]
    public void NextAfter_BetweenOrOnSlots_IsFollowingSlot()
    {
        Assert.Equal(s_start.AddMinutes(30), _schedule.NextAfter(s_start.AddMinutes(25)));
        Assert.Equal(s_start.AddMinutes(40), _schedule.NextAfter(s_start.AddMinutes(30)));
    }

    [Fact]
    public void LatestAtOrBefore_AfterDowntime_ReturnsOnlyLatestMissedSlot()
    {
        var latest = _schedule.LatestAtOrBefore(s_start.AddHours(5).AddMinutes(3), notBefore: s_start.AddMinutes(10));

        Assert.Equal(s_start.AddHours(5), latest);
    }

    [Fact]
    public void LatestAtOrBefore_NoSlotInRange_ReturnsNull()
    {
        Assert.Null(_schedule.LatestAtOrBefore(s_start.AddMinutes(5), notBefore: s_start.AddDays(-1)));
        Assert.Null(_schedule.LatestAtOrBefore(s_start.AddMinutes(25), notBefore: s_start.AddMinutes(20)));
        Assert.Equal(s_start.AddMinutes(20), _schedule.LatestAtOrBefore(s_start.AddMinutes(20), notBefore: s_start.AddMinutes(10)));
    }

    [Fact]
    public void Constructor_NonPositiveInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalSchedule(TimeSpan.Zero, s_start));
    }
}
