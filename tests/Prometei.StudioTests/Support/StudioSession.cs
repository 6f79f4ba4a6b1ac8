using Microsoft.Playwright;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.StudioTests.Support;

/// <summary>What each browser test needs: a server with its own database, Chromium, and a page on the Studio.</summary>
public sealed class StudioSession : IAsyncDisposable
{
    private readonly StudioBrowser _browser;

    private StudioSession(StudioServer server, StudioBrowser browser, StudioPage studio)
    {
        Server = server;
        _browser = browser;
        Studio = studio;
    }

    public StudioServer Server { get; }

    public StudioPage Studio { get; }

    public IPage Page => Studio.Page;

    /// <summary>Starts the three; <paramref name="test"/> names the screenshot folder.</summary>
    public static async Task<StudioSession> StartAsync(
        PostgresServer postgres,
        string test,
        ITestOutputHelper output,
        IReadOnlyDictionary<string, string>? placeholders = null)
    {
        var server = await StudioServer.StartAsync(postgres, placeholders);
        try
        {
            var browser = await StudioBrowser.LaunchAsync();
            try
            {
                return new StudioSession(server, browser, await browser.NewPageAsync(server.BaseAddress, test, output));
            }
            catch
            {
                await browser.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Studio.DisposeAsync();
        await _browser.DisposeAsync();
        await Server.DisposeAsync();
    }
}
