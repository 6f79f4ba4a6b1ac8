namespace Prometei.Fakes.Tests;

/// <summary>One running set of fakes per test class; <see cref="FakesTest"/> resets it before every test.</summary>
public class FakesFixture : IAsyncLifetime
{
    public FakeVendorsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeVendors.StartAsync(CreateOptions());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected virtual FakeVendorsOptions CreateOptions() => new();
}
