using Microsoft.Extensions.Options;
using Prometei.Workflows.Studio;

namespace Prometei.Workflows.UnitTests.Studio;

public sealed class SignInThrottleTests
{
    private readonly ManualTime _time = new();
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(new FixedOptions(new StudioOptions
        {
            SignInThrottle = new SignInThrottleOptions
            {
                MaxFailures = 3,
                Lockout = TimeSpan.FromMinutes(1),
                MaxLockout = TimeSpan.FromMinutes(5),
                FailureWindow = TimeSpan.FromMinutes(15),
            },
        }), _time);

    [Fact]
    public void Failures_BelowTheLimit_LockNothing()
    {
        _throttle.Failed("ip:a", "user:x");
        _throttle.Failed("ip:a", "user:x");

        Assert.Null(_throttle.RetryAfter("ip:a", "user:x"));
    }

    [Fact]
    public void Failures_AtTheLimit_LockEachKeyForTheLockout_ThenRelease()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.Failed("ip:a", "user:x");
        }

        Assert.Equal(TimeSpan.FromMinutes(1), _throttle.RetryAfter("ip:b", "user:x"));
        Assert.Equal(TimeSpan.FromMinutes(1), _throttle.RetryAfter("ip:a", "user:y"));
        Assert.Null(_throttle.RetryAfter("ip:b", "user:y"));

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(_throttle.RetryAfter("ip:a", "user:x"));
    }

    [Fact]
    public void FurtherFailures_DoubleTheLockout_UpToTheMaximum()
    {
        var locks = new List<TimeSpan?>();
        for (var i = 0; i < 7; i++)
        {
            _throttle.Failed("ip:a");
            locks.Add(_throttle.RetryAfter("ip:a"));
        }

        Assert.Equal(
            [null, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)],
            locks);
    }

    [Fact]
    public void Success_ClearsItsKeys()
    {
        _throttle.Failed("ip:a", "user:x");
        _throttle.Failed("ip:a", "user:x");
        _throttle.Succeeded("ip:a", "user:x");
        _throttle.Failed("ip:a", "user:x");
        _throttle.Failed("ip:a", "user:x");

        Assert.Null(_throttle.RetryAfter("ip:a", "user:x"));
    }

    [Fact]
    public void OldFailures_OutsideTheWindow_AreForgotten()
    {
        _throttle.Failed("ip:a");
        _throttle.Failed("ip:a");
        _time.Advance(TimeSpan.FromMinutes(16));
        _throttle.Failed("ip:a");

        Assert.Null(_throttle.RetryAfter("ip:a"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class FixedOptions(StudioOptions value) : IOptionsMonitor<StudioOptions>
    {
        public StudioOptions CurrentValue => value;

        public StudioOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<StudioOptions, string?> listener) => null;
    }
}
