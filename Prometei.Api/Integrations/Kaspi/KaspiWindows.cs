using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Integrations.Kaspi;

/// <summary>Splits a creation-date range into windows Kaspi accepts (at most 14 days each, contract kaspi §3).</summary>
public static class KaspiWindows
{
    /// <summary>
    /// Consecutive windows covering [<paramref name="from"/>, <paramref name="to"/>] (epoch ms, inclusive), each with
    /// <c>$le − $ge</c> at most <paramref name="maxWidth"/>, without overlap (the next starts 1 ms after the previous ends).
    /// </summary>
    public static IReadOnlyList<KaspiWindow> Split(long from, long to, TimeSpan maxWidth)
    {
        if (to < from)
        {
            return [];
        }

        var width = (long)maxWidth.TotalMilliseconds;
        if (width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWidth), "The window width must be positive.");
        }

        var windows = new List<KaspiWindow>();
        for (var start = from; start <= to;)
        {
            var end = Math.Min(to, start + width);
            windows.Add(new KaspiWindow(start, end));
            if (end == long.MaxValue)
            {
                break;
            }

            start = end + 1;
        }

        return windows;
    }
}
