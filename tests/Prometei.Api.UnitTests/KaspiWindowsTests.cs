using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.UnitTests;

public sealed class KaspiWindowsTests
{
    private static readonly TimeSpan s_fourteenDays = TimeSpan.FromDays(14);
    private const long Day = 24L * 60 * 60 * 1000;

    [Fact]
    public void Split_ShortRange_IsOneWindow()
    {
        var windows = KaspiWindows.Split(1_000, 1_000 + Day, s_fourteenDays);
        Assert.Equal([new(1_000, 1_000 + Day)], windows);
    }

    [Fact]
    public void Split_ExactlyFourteenDays_IsOneWindow() =>
        Assert.Single(KaspiWindows.Split(0, 14 * Day, s_fourteenDays));

    [Fact]
    public void Split_ThirtyDays_GivesWindowsOfAtMostFourteenDaysCoveringTheRangeWithoutGapOrOverlap()
    {
        var from = 1_700_000_000_000L;
        var to = from + (30 * Day);
        var windows = KaspiWindows.Split(from, to, s_fourteenDays);

        Assert.Equal(3, windows.Count);
        Assert.Equal(from, windows[0].From);
        Assert.Equal(to, windows[^1].To);
        Assert.All(windows, w => Assert.InRange(w.To - w.From, 0, 14 * Day));
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i - 1].To + 1, windows[i].From);
        }
    }

    [Fact]
    public void Split_EmptyOrReversedRange_IsNoWindow() => Assert.Empty(KaspiWindows.Split(10, 9, s_fourteenDays));

    [Fact]
    public void Split_SingleMillisecond_IsOneWindow() => Assert.Equal([new(5, 5)], KaspiWindows.Split(5, 5, s_fourteenDays));
}
