using Prometei.Workflows.Runtime.Scheduling;

namespace Prometei.Workflows.UnitTests.Scheduling;

public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo s_almaty = CronSchedule.ResolveTimeZone("Asia/Almaty");
    private static readonly TimeZoneInfo s_berlin = CronSchedule.ResolveTimeZone("Europe/Berlin");

    [Fact]
    public void NextAfter_FiveFields_ReturnsNextMinuteSlot()
    {
        var schedule = CronSchedule.Parse("*/15 * * * *", TimeZoneInfo.Utc);

        Assert.False(schedule.IncludesSeconds);
        Assert.Equal(Utc(2025, 6, 1, 10, 15), schedule.NextAfter(Utc(2025, 6, 1, 10, 7, 30)));
        Assert.Equal(Utc(2025, 6, 1, 10, 30), schedule.NextAfter(Utc(2025, 6, 1, 10, 15)));
    }

    [Fact]
    public void NextAfter_SixFields_ReadsSecondsFirst()
    {
        var schedule = CronSchedule.Parse("*/10 * * * * *", TimeZoneInfo.Utc);

        Assert.True(schedule.IncludesSeconds);
        Assert.Equal(Utc(2025, 6, 1, 10, 0, 10), schedule.NextAfter(Utc(2025, 6, 1, 10, 0, 3)));
    }

    [Fact]
    public void NextAfter_QuestionMarkInDayField_ReadsAsStar()
    {
        var schedule = CronSchedule.Parse("0 0 9 ? * MON", TimeZoneInfo.Utc);

        // 2025-06-02 is a Monday.
        Assert.Equal(Utc(2025, 6, 2, 9, 0), schedule.NextAfter(Utc(2025, 6, 1, 0, 0)));
    }

    [Fact]
    public void NextAfter_AsiaAlmaty_FiresOnLocalWallClock()
    {
        var schedule = CronSchedule.Parse("0 9 * * *", s_almaty);

        // Almaty was UTC+6 until March 2024 in every tz database version.
        Assert.Equal(new DateTimeOffset(2023, 6, 1, 3, 0, 0, TimeSpan.Zero), schedule.NextAfter(Utc(2023, 6, 1, 0, 0)));

        var next = schedule.NextAfter(Utc(2025, 6, 1, 0, 0))!.Value;
        var local = TimeZoneInfo.ConvertTime(next, s_almaty);
        Assert.Equal(new DateTime(2025, 6, 1, 9, 0, 0), local.DateTime);
        Assert.Equal(s_almaty.GetUtcOffset(next), next.Offset);
    }

    [Fact]
    public void NextAfter_SlotInSpringForwardGap_FiresWhenGapEnds()
    {
        // Berlin skips 02:00-03:00 on 2025-03-30 (01:00 UTC).
        var schedule = CronSchedule.Parse("30 2 * * *", s_berlin);

        var next = schedule.NextAfter(Utc(2025, 3, 30, 0, 0));

        Assert.Equal(Utc(2025, 3, 30, 1, 0), next);
        Assert.Equal(Utc(2025, 3, 31, 0, 30), schedule.NextAfter(next!.Value));
    }

    [Fact]
    public void NextAfter_SlotInFallBackOverlap_FiresOnceAtFirstOccurrence()
    {
        // Berlin repeats 02:00-03:00 on 2025-10-26: first as UTC+2, then as UTC+1.
        var schedule = CronSchedule.Parse("30 2 * * *", s_berlin);

        var first = schedule.NextAfter(Utc(2025, 10, 25, 23, 0));

        Assert.Equal(Utc(2025, 10, 26, 0, 30), first);
        Assert.Equal(Utc(2025, 10, 27, 1, 30), schedule.NextAfter(first!.Value));
    }

    [Fact]
    public void NextAfter_AcrossClockChanges_IsStrictlyIncreasing()
    {
        var schedule = CronSchedule.Parse("*/15 * * * *", s_berlin);

        foreach (var day in new[] { Utc(2025, 3, 29, 22, 0), Utc(2025, 10, 25, 22, 0) })
        {
            var slots = new List<DateTimeOffset>();
            for (var slot = schedule.NextAfter(day); slot < day.AddHours(6); slot = schedule.NextAfter(slot!.Value))
            {
                slots.Add(slot!.Value);
            }

            Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.Second > pair.First));
            Assert.Equal(slots.Count, slots.Distinct().Count());
        }
    }

    [Fact]
    public void NextAfter_DateThatNeverOccurs_ReturnsNull()
    {
        var schedule = CronSchedule.Parse("0 0 30 2 *", TimeZoneInfo.Utc);

        Assert.Null(schedule.NextAfter(Utc(2025, 1, 1, 0, 0)));
    }

    [Fact]
    public void LatestAtOrBefore_AfterDowntime_ReturnsOnlyLatestMissedSlot()
    {
        var schedule = CronSchedule.Parse("*/5 * * * *", s_almaty);

        var latest = schedule.LatestAtOrBefore(Utc(2025, 6, 1, 13, 31, 20), notBefore: Utc(2025, 6, 1, 10, 2));

        Assert.Equal(Utc(2025, 6, 1, 13, 30), latest);
    }

    [Fact]
    public void LatestAtOrBefore_LongDowntimeOnSparseSchedule_ReturnsLatestSlot()
    {
        var schedule = CronSchedule.Parse("0 0 1 1 *", TimeZoneInfo.Utc);

        var latest = schedule.LatestAtOrBefore(Utc(2025, 6, 1, 0, 0), notBefore: Utc(2021, 6, 1, 0, 0));

        Assert.Equal(Utc(2025, 1, 1, 0, 0), latest);
    }

    [Fact]
    public void LatestAtOrBefore_SlotOnBounds_ExcludesNotBeforeIncludesInstant()
    {
        var schedule = CronSchedule.Parse("0 * * * *", TimeZoneInfo.Utc);

        Assert.Equal(Utc(2025, 6, 1, 11, 0), schedule.LatestAtOrBefore(Utc(2025, 6, 1, 11, 0), Utc(2025, 6, 1, 10, 0)));
        Assert.Null(schedule.LatestAtOrBefore(Utc(2025, 6, 1, 10, 59), Utc(2025, 6, 1, 10, 0)));
        Assert.Null(schedule.LatestAtOrBefore(Utc(2025, 6, 1, 10, 0), Utc(2025, 6, 1, 10, 0)));
    }

    [Theory]
    [InlineData("* * *", 3)]
    [InlineData("0 0 * * * * 2025", 7)]
    [InlineData("", 0)]
    public void Parse_WrongFieldCount_ThrowsNamingExpressionAndCount(string expression, int fields)
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression, TimeZoneInfo.Utc));

        Assert.Contains($"'{expression}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{fields} fields", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("61 * * * *", 5)]
    [InlineData("0 0 25 * * *", 6)]
    public void Parse_FieldOutOfRange_ThrowsFormatException(string expression, int fields)
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression, TimeZoneInfo.Utc));

        Assert.Contains($"'{expression}' ({fields} fields)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveTimeZone_NoId_IsAsiaAlmaty()
    {
        Assert.Equal("Asia/Almaty", CronSchedule.ResolveTimeZone(null).Id);
        Assert.Equal("Asia/Almaty", CronSchedule.ResolveTimeZone(" ").Id);
        Assert.Equal("Europe/Berlin", s_berlin.Id);
        Assert.Throws<TimeZoneNotFoundException>(() => CronSchedule.ResolveTimeZone("Mars/Olympus"));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
