using Microsoft.Extensions.Time.Testing;

namespace Prometei.Fakes.Tests;

/// <summary>A test on the class's shared fakes, put back to their seeded start first (tests of a class run one at a time).</summary>
public abstract class FakesTest(FakesFixture fixture) : IAsyncLifetime
{
    protected FakeVendorsServer Fakes => fixture.Server;

    public Task InitializeAsync() => fixture.Server.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Fakes of its own for one test of timing logic, on a clock that stands still until the test advances it (the class's
    /// shared fakes keep the system clock).
    /// </summary>
    protected static async Task<(FakeVendorsServer Fakes, FakeTimeProvider Clock)> StartOnFakeClockAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (await FakeVendors.StartAsync(new FakeVendorsOptions { TimeProvider = clock }), clock);
    }
}
