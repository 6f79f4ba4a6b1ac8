using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.StudioTests.Support;

/// <summary>One browser tab on the Studio: signs in, takes numbered screenshots of each step, and reports what went wrong in the page.</summary>
public sealed partial class StudioPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _screenshots;
    private readonly ITestOutputHelper _output;
    private int _step;

    internal StudioPage(IBrowserContext context, IPage page, string test, ITestOutputHelper output)
    {
        _context = context;
        Page = page;
        _output = output;
        _screenshots = Path.Combine(ScreenshotRoot, test);
        Directory.CreateDirectory(_screenshots);
        foreach (var old in Directory.EnumerateFiles(_screenshots, "*.png"))
        {
            File.Delete(old);
        }

        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Log($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.Contains("/_content/", StringComparison.Ordinal))
            {
                Log($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };
    }

    /// <summary>Where every test's screenshots go: <c>tests/screenshots/studio/</c> (git-ignored).</summary>
    public static string ScreenshotRoot => Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "screenshots", "studio");

    public IPage Page { get; }

    /// <summary>Opens the Studio and signs in through our form as the configured operator.</summary>
    public async Task SignInAsync(string path = "studio/")
    {
        await Page.GotoAsync(path);
        await Page.WaitForURLAsync(SignInUrl());
        await Page.FillAsync("#username", StudioServer.UserName);
        await Page.FillAsync("#password", StudioServer.Password);
        await ScreenshotAsync("sign-in");
        await Page.ClickAsync("#prometei-signin");
        await Page.WaitForURLAsync(url => !SignInUrl().IsMatch(url));
    }

    /// <summary>Opens a Studio page (a path under <c>/studio/</c>) and waits for its element to be created by our shell.</summary>
    public async Task OpenAsync(string studioPath, string elementTag)
    {
        await Page.GotoAsync("studio/" + studioPath.TrimStart('/'));
        await Page.Locator(elementTag).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Saves <c>{nn}-{step}.png</c> and checks that Blazor's error bar is not showing.</summary>
    public async Task ScreenshotAsync(string step)
    {
        _step++;
        var file = Path.Combine(_screenshots, $"{_step:00}-{step}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = false });
        _output.WriteLine($"screenshot {file}");
        await AssertNoBlazorErrorAsync();
    }

    /// <summary>Fails when <c>#blazor-error-ui</c>, where an element's crash shows, is visible.</summary>
    public async Task AssertNoBlazorErrorAsync()
    {
        var errorBar = Page.Locator("#blazor-error-ui");
        if (await errorBar.CountAsync() > 0 && await errorBar.IsVisibleAsync())
        {
            throw new Xunit.Sdk.XunitException($"Blazor's error bar is showing on {Page.Url}; see the console lines in the test output.");
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private void Log(string line)
    {
        try
        {
            _output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late console lines have nowhere to go.
        }
    }

    [GeneratedRegex("/studio/signin")]
    private static partial Regex SignInUrl();
}
