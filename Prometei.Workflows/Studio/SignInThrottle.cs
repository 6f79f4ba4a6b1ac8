using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Studio;

/// <summary>
/// Counts failed sign-ins per key (a client address, a user name) in memory. A key with too many recent failures is locked for
/// an exponentially growing time; a success clears the keys it used. One node's memory is enough: the lock only has to slow
/// guessing down, and a restart forgets nothing that matters more than a few minutes.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<StudioOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait before trying again, or null when none of <paramref name="keys"/> is locked.</summary>
    public TimeSpan? RetryAfter(params string[] keys)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                lock (entry)
                {
                    if (entry.LockedUntil > now && (wait is null || entry.LockedUntil - now > wait))
                    {
                        wait = entry.LockedUntil - now;
                    }
                }
            }
        }

        return wait;
    }

    /// <summary>Records a failure against each key and locks those that reached the limit.</summary>
    public void Failed(params string[] keys)
    {
        var settings = options.CurrentValue.SignInThrottle;
        var now = time.GetUtcNow();
        if (_entries.Count > PruneAbove)
        {
            Prune(now, settings.FailureWindow);
        }

        foreach (var key in keys)
        {
            var entry = _entries.GetOrAdd(key, _ => new Entry());
            lock (entry)
            {
                if (now - entry.LastFailure > settings.FailureWindow && entry.LockedUntil <= now)
                {
                    entry.Failures = 0;
                }

                entry.Failures++;
                entry.LastFailure = now;
                if (entry.Failures >= settings.MaxFailures)
                {
                    entry.LockedUntil = now + LockoutFor(entry.Failures - settings.MaxFailures, settings.Lockout, settings.MaxLockout);
                }
            }
        }
    }

    /// <summary>Forgets the failures of each key.</summary>
    public void Succeeded(params string[] keys)
    {
        foreach (var key in keys)
        {
            _entries.TryRemove(key, out _);
        }
    }

    /// <summary><paramref name="lockout"/> doubled <paramref name="excess"/> times, capped at <paramref name="max"/>.</summary>
    public static TimeSpan LockoutFor(int excess, TimeSpan lockout, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(excess, 0, 30));
        var ticks = Math.Min(lockout.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.LockedUntil <= now && now - entry.LastFailure > window)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
