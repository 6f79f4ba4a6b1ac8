using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Prometei.StudioTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, with the flags this machine needs (no sandbox as root, no background
/// networking towards Google's hosts). Playwright gives every launch a new, empty profile folder.
/// </summary>
public sealed class StudioBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] s_arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private StudioBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<StudioBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. The Studio tests drive Debian's Chromium: install it with " +
                "`apt-get install -y chromium` (do not run `playwright install`; this machine cannot download browsers).");
        }

        // The first load of an element compiles ~30 MB of WebAssembly: give expectations more than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = s_arguments,
                Timeout = 60_000,
            });
            return new StudioBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new page (in its own context: no cookies) on the Workflows node at <paramref name="baseAddress"/>, whose screenshots go to
    /// <c>tests/screenshots/studio/{test}/</c>. The node must have the operator of <see cref="StudioServer.UserName"/> and
    /// <see cref="StudioServer.Password"/> (<c>Studio__Operator__*</c>).
    /// </summary>
    public async Task<StudioPage> NewPageAsync(Uri baseAddress, string test, ITestOutputHelper output)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            BaseURL = baseAddress.ToString(),
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new StudioPage(context, page, test, output);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
