using System.Diagnostics;
using Microsoft.Playwright;
using Prometei.Benchmarks.Engine;

namespace Prometei.Benchmarks.Studio;

/// <summary>One editor load: seconds until interactive, and what crossed the network meanwhile.</summary>
internal sealed record EditorLoadResult(double Seconds, IReadOnlyList<NetworkMeter.Entry> Requests, string? AcceptEncoding)
{
    public long Bytes => Requests.Sum(r => r.EncodedBytes);
}

/// <summary>
/// Opens the Studio's editor in Debian's Chromium (headless, driven by Playwright; never <c>playwright install</c>). Each cold
/// run gets a fresh browser context, whose HTTP cache and Cache Storage start empty; the operator signs in through the form
/// first, then the HTTP cache is emptied again, so the sign-in page's bytes neither count nor warm anything.
/// </summary>
internal sealed class EditorLoad : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // The flags tests/Prometei.StudioTests/Support/StudioBrowser.cs launches Chromium with on this machine (root: no sandbox;
    // no background traffic towards Google's hosts, which would also add to the counted bytes).
    private static readonly string[] s_arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static readonly float s_timeoutMs = 60_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseAddress;
    private readonly string _userName;
    private readonly string _password;

    private EditorLoad(IPlaywright playwright, IBrowser browser, Uri baseAddress, string userName, string password)
    {
        _playwright = playwright;
        _browser = browser;
        _baseAddress = baseAddress;
        _userName = userName;
        _password = password;
    }

    public string BrowserVersion => _browser.Version;

    public static async Task<EditorLoad> LaunchAsync(Uri baseAddress, string userName, string password)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium; not `playwright install`).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = s_arguments,
                Timeout = s_timeoutMs,
            });
            return new EditorLoad(playwright, browser, baseAddress, userName, password);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A fresh context: signs in, empties the HTTP cache, opens the editor of <paramref name="definitionId"/> cold, then once
    /// more in the same context (warm: HTTP cache and Blazor's Cache Storage filled by the first load).
    /// </summary>
    public async Task<(EditorLoadResult Cold, EditorLoadResult Warm, long PlaywrightBytes)> RunAsync(
        string definitionId, bool crossCheck, string? screenshot, CancellationToken cancellationToken)
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            BaseURL = _baseAddress.ToString(),
        });
        context.SetDefaultTimeout(s_timeoutMs);
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var meter = await NetworkMeter.AttachAsync(context, page);

        // The form, returning to a light page of the session (a JSON token) rather than the definition list, which would load
        // (and cache) the whole Studio.
        await page.GotoAsync("studio/signin?returnUrl=" + Uri.EscapeDataString("/studio/api/token"));
        await page.FillAsync("#username", _userName);
        await page.FillAsync("#password", _password);
        await page.ClickAsync("#prometei-signin");
        await page.WaitForURLAsync(url => url.EndsWith("/studio/api/token", StringComparison.Ordinal));
        await meter.ClearBrowserCacheAsync();
        cancellationToken.ThrowIfCancellationRequested();

        var seen = new List<IRequest>();
        page.RequestFinished += (_, request) =>
        {
            lock (seen)
            {
                seen.Add(request);
            }
        };
        var cold = await LoadAsync(page, meter, definitionId);
        IRequest[] coldRequests;
        lock (seen)
        {
            coldRequests = [.. seen];
        }

        var playwrightBytes = crossCheck ? await NetworkMeter.PlaywrightSumAsync(coldRequests) : -1;
        if (screenshot is not null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        }

        cancellationToken.ThrowIfCancellationRequested();
        var warm = await LoadAsync(page, meter, definitionId);
        if (pageErrors.Count > 0)
        {
            Report.Progress($"page errors: {string.Join(" | ", pageErrors.Take(3))}");
        }

        return (cold, warm, playwrightBytes);
    }

    /// <summary>Navigates to the editor and waits until the canvas shows every node and the toolbox's Activities panel is visible.</summary>
    private static async Task<EditorLoadResult> LoadAsync(IPage page, NetworkMeter meter, string definitionId)
    {
        meter.Start();
        var started = Stopwatch.GetTimestamp();
        await page.GotoAsync($"studio/workflows/definitions/{Uri.EscapeDataString(definitionId)}/edit", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator(".x6-node").Nth(StudioDefinitions.EditorNodes - 1).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.GetByText("Activities", new PageGetByTextOptions { Exact = true }).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var requests = await meter.StopAsync();
        var errorBar = page.Locator("#blazor-error-ui");
        if (await errorBar.IsVisibleAsync())
        {
            throw new InvalidOperationException($"Blazor's error bar is showing on {page.Url}.");
        }

        return new EditorLoadResult(seconds, requests, meter.AcceptEncoding);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
