using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Prometei.AppHost.Tests.Support;
using Xunit.Abstractions;

namespace Prometei.AppHost.Tests;

/// <summary>Screenshots of the dashboard and of the Studio's instance list, in <c>tests/screenshots/apphost/</c>.</summary>
[Collection(AppHostCollection.Name)]
public sealed partial class DashboardScreenshotTests(ITestOutputHelper output) : IDisposable
{
    private readonly DataFolder _data = new();

    [Fact]
    public async Task Dashboard_AndStudioInstanceList_AreCaptured()
    {
        await using var apphost = await AppHostProcess.StartAsync(_data, output);
        var resources = await apphost.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(5));
        await using var browser = await Browser.LaunchAsync();

        var dashboard = await browser.NewPageAsync();
        await dashboard.GotoAsync($"{apphost.DashboardUrl}?t={apphost.DashboardToken}");
        await Assertions.Expect(dashboard).ToHaveURLAsync(apphost.DashboardUrl.ToString());
        var rows = dashboard.Locator("#resources tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(resources.Count);
        await Assertions.Expect(dashboard.Locator("#summary")).ToHaveTextAsync($"{resources.Count} of {resources.Count} running and healthy");
        await Assertions.Expect(dashboard.Locator("tr[data-resource=workflows] a", new() { HasText = "Studio" })).ToBeVisibleAsync();
        await Assertions.Expect(dashboard.Locator("tr[data-resource=api] a", new() { HasText = "OpenAPI" })).ToBeVisibleAsync();

        // Structured lines of a service: level, time, category, message.
        await dashboard.Locator("tr[data-resource=workflows] button", new() { HasText = "Logs" }).ClickAsync();
        await Assertions.Expect(dashboard.Locator("#log-lines .level-Information").First).ToBeVisibleAsync();
        output.WriteLine("screenshot " + await Browser.ScreenshotAsync(dashboard, "dashboard"));

        await dashboard.Locator("#log-filter").FillAsync("Now listening on");
        await Assertions.Expect(dashboard.Locator("#log-lines .log")).ToHaveCountAsync(1);
        await dashboard.Locator("tr[data-resource=workflows] button", new() { HasText = "Details" }).ClickAsync();
        await Assertions.Expect(dashboard.Locator("#environment")).ToContainTextAsync("services__api__http__0");
        output.WriteLine("screenshot " + await Browser.ScreenshotAsync(dashboard, "dashboard-logs-filtered-and-details"));

        // The Studio, signed in with the generated operator password, after the sandbox's amoCRM sent a status webhook, so
        // that the list shows the instance it started (once issue 5's flow is there; SandboxFlowTests asserts that part).
        var workflows = resources.Single(r => r.Name == "workflows");
        var instances = await SendSandboxWebhookAsync(resources, apphost.Parameters()["elsa-api-key"]);
        output.WriteLine($"sandbox instances before the Studio screenshot: {instances}");
        var studio = await browser.NewPageAsync();
        await studio.GotoAsync(workflows.Urls["Studio"] + "workflows/instances");
        await studio.WaitForURLAsync(SignInUrl());
        await studio.FillAsync("#username", "operator");
        await studio.FillAsync("#password", apphost.Parameters()["studio-operator-password"]);
        await studio.ClickAsync("#prometei-signin");
        await studio.WaitForURLAsync(url => !SignInUrl().IsMatch(url));
        var list = studio.Locator("elsa-workflow-instance-list");
        await Assertions.Expect(list.Locator(".mud-table").First).ToBeVisibleAsync();
        await Assertions.Expect(list.GetByText(instances > 0 ? $"of {instances}" : "No workflow instances found").First).ToBeVisibleAsync();
        await Assertions.Expect(list.GetByText("Loading...")).ToHaveCountAsync(0);
        output.WriteLine("screenshot " + await Browser.ScreenshotAsync(studio, "studio-instances"));

        apphost.Signal("INT");
        Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromMinutes(2)));
    }

    public void Dispose() => _data.Dispose();

    /// <summary>Moves the fake amoCRM's seeded lead, which sends its status webhook; returns the instances after up to 30 s.</summary>
    private static async Task<int> SendSandboxWebhookAsync(IReadOnlyList<ResourceInfo> resources, string elsaApiKey)
    {
        var vendors = resources.Single(r => r.Name == "vendors").Endpoints["http"];
        var workflows = resources.Single(r => r.Name == "workflows").Endpoints["http"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var move = await http.PostAsync(
            $"{vendors}/_control/amocrm/leads/24681357/status", new StringContent("""{"statusId":61234569}""", Encoding.UTF8, "application/json"));
        move.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", elsaApiKey);
        var count = 0;
        for (var attempt = 0; attempt < 30 && count == 0; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var list = await http.PostAsync($"{workflows}/elsa/api/workflow-instances", new StringContent("{}", Encoding.UTF8, "application/json"));
            count = (int)JsonNode.Parse(await list.Content.ReadAsStringAsync())!["totalCount"]!;
        }

        return count;
    }

    [GeneratedRegex("/studio/signin")]
    private static partial Regex SignInUrl();
}
