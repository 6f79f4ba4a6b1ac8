using Microsoft.Extensions.Time.Testing;

namespace Prometei.Fakes.Tests;

/// <summary>
/// Fakes whose every clock (rate window, token and search delays, webhook ladder, fault storms) is <see cref="Clock"/>: time
/// stands still until a test advances it, so tests of timing logic neither wait nor depend on the machine's speed.
/// </summary>
public sealed class FakeClockFixture : FakesFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override FakeVendorsOptions CreateOptions() => new() { TimeProvider = Clock };
}
