namespace Prometei.Fakes.Tests;

/// <summary>A test on the class's shared fakes, put back to their seeded start first (tests of a class run one at a time).</summary>
public abstract class FakesTest(FakesFixture fixture) : IAsyncLifetime
{
    protected FakeVendorsServer Fakes => fixture.Server;

    public Task InitializeAsync() => fixture.Server.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
