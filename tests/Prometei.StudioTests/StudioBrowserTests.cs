using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Prometei.StudioTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.StudioTests;

/// <summary>
/// The real Elsa Studio 3.8.2 elements in headless Chromium, inside our shell, against a Prometei.Workflows process with its own
/// database. Each step leaves a screenshot in <c>tests/screenshots/studio/{test}/</c>, and each asserts that Blazor's error bar
/// is hidden.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed partial class StudioBrowserTests(PostgresFixture postgres, ITestOutputHelper output)
{
    // The editor's toolbar buttons have no text or label (their tooltips show on hover only): found by their Material icons.
    private const string RunButton = "button.mud-success-text:has(path[d='M8 5v14l11-7z'])";
    private const string PublishButton = "button.mud-icon-button.mud-primary-text:has(path[d^='M19.35 10.04'])";

    private static readonly TimeSpan s_workflowTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DefinitionList_ShowsSeededWorkflows_AndCreatesOneThatOpensInTheEditor()
    {
        await using var session = await StudioSession.StartAsync(postgres.Server, "definition-list", output);
        var (server, studio, page) = (session.Server, session.Studio, session.Page);

        await studio.SignInAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/studio/$"));
        await Expect(page.GetByText("Studio greeting")).ToBeVisibleAsync();
        await Expect(page.GetByText("Studio fragile")).ToBeVisibleAsync();
        await studio.ScreenshotAsync("seeded-workflows");

        var definitionId = await CreateWorkflowAsync(studio, "Made in the Studio");
        await Expect(page.Locator("elsa-workflow-definition-editor")).ToHaveAttributeAsync("definition-id", definitionId);
        await Expect(page.GetByText("Activities", new() { Exact = true })).ToBeVisibleAsync();
        await studio.ScreenshotAsync("new-workflow-in-editor");
        var stored = Assert.Single(await server.DefinitionsAsync(), d => d.DefinitionId == definitionId);
        Assert.Equal("Made in the Studio", stored.Name);
        Assert.False(stored.IsPublished);
    }

    [Fact]
    public async Task Editor_DroppedActivityAndEditedInput_AreSaved_AndPublishingMakesTheTriggerAnswer()
    {
        await using var session = await StudioSession.StartAsync(postgres.Server, "editor", output);
        var (server, studio, page) = (session.Server, session.Studio, session.Page);
        await studio.SignInAsync();
        var definitionId = await CreateWorkflowAsync(studio, "Browser hook");
        await Expect(page.Locator(".x6-graph").First).ToBeVisibleAsync();
        await studio.ScreenshotAsync("empty-editor");
        if (await page.GetByText("read-only mode").IsVisibleAsync())
        {
            throw new Xunit.Sdk.XunitException(
                $"The editor opened read-only: GET /elsa/api/workflow-definitions/by-definition-id/{definitionId} answered without a " +
                "`publish` link (contract §5.1, §9.3), so nothing can be dropped or edited.");
        }

        await page.Locator(".mud-expand-panel-header", new() { HasText = "HTTP" }).ClickAsync();
        await page.Locator("[draggable=true]", new() { HasText = "HTTP Endpoint" }).DragToAsync(page.Locator(".x6-graph").First);
        await Expect(page.Locator(".x6-node", new() { HasText = "HttpEndpoint1" })).ToBeVisibleAsync();
        await studio.ScreenshotAsync("dropped-http-endpoint");

        await page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasText = "Path" }) }).Locator("input").FillAsync("studio-browser-hook");
        await page.Locator("label", new() { HasText = "POST" }).ClickAsync();
        await studio.ScreenshotAsync("edited-inputs");

        // Autosave: the dropped activity with its inputs reaches the database.
        JsonObject? activity = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            var definition = await server.LatestDefinitionAsync(definitionId);
            activity = definition?["root"]?["activities"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => (string?)a["type"] == "Elsa.HttpEndpoint");
            return (string?)activity?["path"]?["expression"]?["value"] == "studio-browser-hook"
                && ((string?)activity?["supportedMethods"]?["expression"]?["value"])?.Contains("POST", StringComparison.Ordinal) == true;
        }, s_workflowTimeout, "the autosave of the dropped activity and its inputs");
        Assert.True((bool?)activity!["customProperties"]?["canStartWorkflow"]);
        Assert.Equal(HttpStatusCode.NotFound, (await server.PostTriggerAsync("studio-browser-hook")).StatusCode);

        await page.Locator(PublishButton).ClickAsync();
        await Eventually.WaitUntilAsync(async () => (await server.DefinitionsAsync()).Any(d => d.DefinitionId == definitionId && d.IsPublished),
            s_workflowTimeout, "the publish");
        await studio.ScreenshotAsync("published");

        await Eventually.WaitUntilAsync(async () => (await server.PostTriggerAsync("studio-browser-hook")).StatusCode == HttpStatusCode.OK,
            s_workflowTimeout, "the published HTTP trigger to answer");
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync(definitionId)).Any(i => i.SubStatus == "Finished"),
            s_workflowTimeout, "the triggered instance to finish");
    }

    [Fact]
    public async Task Run_FromTheEditor_OpensTheViewer_WithEachActivitysStatusInTheJournal()
    {
        await using var session = await StudioSession.StartAsync(postgres.Server, "run", output);
        var (server, studio, page) = (session.Server, session.Studio, session.Page);
        await studio.SignInAsync();
        await studio.OpenAsync("workflows/definitions/studio-greeting/edit", "elsa-workflow-definition-editor");
        await Expect(page.Locator(".x6-node", new() { HasText = "hello" })).ToBeVisibleAsync();
        await studio.ScreenshotAsync("editor");

        await page.Locator(RunButton).ClickAsync();

        // The editor navigates with Blazor's router; our shell loads the viewer for that URL.
        await page.WaitForURLAsync(new Regex("/studio/workflows/instances/[^/]+/view$"));
        var instanceId = ViewerUrl().Match(page.Url).Groups[1].Value;
        var viewer = page.Locator("elsa-workflow-instance-viewer");
        await Expect(viewer).ToHaveAttributeAsync("instance-id", instanceId);
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync("studio-greeting")).Any(i => i.Id == instanceId && i.SubStatus == "Finished"),
            s_workflowTimeout, "the run to finish");
        foreach (var activity in new[] { "Start", "Write Line" })
        {
            await Expect(viewer.GetByText($"{activity} - Started").First).ToBeVisibleAsync();
            await Expect(viewer.GetByText($"{activity} - Completed").First).ToBeVisibleAsync();
        }

        await Expect(viewer.GetByText("Write Line - Completed")).ToHaveCountAsync(2);
        await Expect(page.Locator("#prometei-instance-status")).ToContainTextAsync("Finished");
        await studio.ScreenshotAsync("viewer-journal");

        // The URL the editor navigated to loads the viewer again on reload.
        await page.ReloadAsync();
        await Expect(page.Locator("elsa-workflow-instance-viewer").GetByText("Write Line - Completed")).ToHaveCountAsync(2);
        await studio.ScreenshotAsync("viewer-after-reload");
    }

    [Fact]
    public async Task FaultedInstance_RetriedFromTheShell_Completes_AndReplayMakesALinkedInstance()
    {
        await using var flaky = await FlakyEndpoint.StartAsync(failures: 1);
        await using var session = await StudioSession.StartAsync(
            postgres.Server, "retry-replay", output, new Dictionary<string, string> { ["FlakyUrl"] = flaky.Url.ToString() });
        var (server, studio, page) = (session.Server, session.Studio, session.Page);
        Assert.Equal(HttpStatusCode.OK, (await server.PostTriggerAsync("studio-fragile")).StatusCode);
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync("studio-fragile")).Any(i => i.SubStatus == "Faulted"),
            s_workflowTimeout, "the instance to fault");
        var faulted = Assert.Single(await server.InstancesAsync("studio-fragile"));

        await studio.SignInAsync($"studio/workflows/instances/{faulted.Id}/view");
        await Expect(page.Locator("#prometei-instance-status")).ToContainTextAsync("Faulted");
        await Expect(page.Locator("#prometei-incident-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#prometei-incident-list")).ToContainTextAsync("Elsa.SendHttpRequest");
        await Expect(page.Locator("elsa-workflow-instance-viewer").GetByText("HTTP Request - Faulted")).ToBeVisibleAsync();
        await studio.ScreenshotAsync("faulted");

        // The shell reloads the viewer itself once the retry is accepted; a reload of ours must not race with it.
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loaded) => reloaded.TrySetResult();
        page.Load += OnLoad;
        await page.Locator("#prometei-retry").ClickAsync();
        await reloaded.Task.WaitAsync(s_workflowTimeout);
        page.Load -= OnLoad;
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync("studio-fragile")).Single().SubStatus == "Finished",
            s_workflowTimeout, "the retried instance to finish");
        await page.ReloadAsync();
        await Expect(page.Locator("#prometei-instance-status")).ToContainTextAsync("Finished");
        await Expect(page.Locator("#prometei-retry")).ToBeDisabledAsync();
        await Expect(page.Locator("elsa-workflow-instance-viewer").GetByText("Write Line - Completed")).ToBeVisibleAsync();
        await studio.ScreenshotAsync("retried");
        Assert.Equal(2, flaky.IdempotencyKeys.Count);
        Assert.Single(flaky.IdempotencyKeys.Distinct());

        await page.Locator("#prometei-replay").ClickAsync();
        await page.WaitForURLAsync(url => ViewerUrl().Match(url) is { Success: true } m && m.Groups[1].Value != faulted.Id);
        var replayId = ViewerUrl().Match(page.Url).Groups[1].Value;
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync("studio-fragile")).Any(i => i.Id == replayId && i.SubStatus == "Finished"),
            s_workflowTimeout, "the replay to finish");
        var replay = (await server.InstancesAsync("studio-fragile")).Single(i => i.Id == replayId);
        Assert.Equal(faulted.Id, replay.ReplayOf);
        await Expect(page.Locator("#prometei-replay-of")).ToContainTextAsync(faulted.Id);
        await Expect(page.Locator("elsa-workflow-instance-viewer").GetByText("Write Line - Completed")).ToBeVisibleAsync();
        await studio.ScreenshotAsync("replayed");
    }

    [Fact]
    public async Task InstanceList_OpensTheViewer_AndEveryShellPageLoadsItsElement_AndSignOutEndsTheSession()
    {
        await using var session = await StudioSession.StartAsync(postgres.Server, "navigation", output);
        var (server, studio, page) = (session.Server, session.Studio, session.Page);
        await server.ExecuteAsync("studio-greeting");
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync("studio-greeting")).Any(i => i.SubStatus == "Finished"),
            s_workflowTimeout, "the run to finish");
        var instance = Assert.Single(await server.InstancesAsync("studio-greeting"));

        await studio.SignInAsync("studio/workflows/instances");
        await Expect(page.Locator("elsa-workflow-instance-list").GetByText(instance.Id, new() { Exact = false }).First).ToBeVisibleAsync();
        await studio.ScreenshotAsync("instance-list");
        await page.Locator("elsa-workflow-instance-list").GetByText(instance.Id, new() { Exact = false }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/studio/workflows/instances/{instance.Id}/view$"));
        await Expect(page.Locator("elsa-workflow-instance-viewer").GetByText("Write Line - Completed").First).ToBeVisibleAsync();
        await studio.ScreenshotAsync("viewer-from-list");

        foreach (var (path, tag) in new[]
        {
            ("", "elsa-workflow-definition-list"),
            ("workflows/definitions", "elsa-workflow-definition-list"),
            ("workflows/definitions/studio-greeting/edit", "elsa-workflow-definition-editor"),
            ("workflows/instances", "elsa-workflow-instance-list"),
            ($"workflows/instances/{instance.Id}/view", "elsa-workflow-instance-viewer"),
        })
        {
            await studio.OpenAsync(path, tag);
            var element = page.Locator(tag);
            await Expect(element).ToHaveAttributeAsync("remote-endpoint", new Uri(server.BaseAddress, "elsa/api").ToString().TrimEnd('/'));
            await Expect(element).ToHaveAttributeAsync("access-token", new Regex(".{40,}"));
            await Expect(element.Locator(".mud-table, .x6-graph").First).ToBeVisibleAsync();
            await studio.ScreenshotAsync(tag + (path.Length == 0 ? "-start" : ""));
        }

        // A page for something that does not exist says so, instead of letting the element crash.
        await page.GotoAsync("studio/workflows/instances/no-such-instance/view");
        await Expect(page.Locator("#prometei-load-error")).ToContainTextAsync("no-such-instance");
        await Expect(page.Locator("elsa-workflow-instance-viewer")).ToHaveCountAsync(0);
        await page.GotoAsync("studio/workflows/definitions/no-such-definition/edit");
        await Expect(page.Locator("#prometei-load-error")).ToContainTextAsync("no-such-definition");
        await studio.ScreenshotAsync("missing-definition");

        await page.Locator("#prometei-signout").ClickAsync();
        await page.WaitForURLAsync(new Regex("/studio/signin"));
        await page.GotoAsync("studio/workflows/instances");
        await page.WaitForURLAsync(new Regex("/studio/signin\\?returnUrl="));
        await studio.ScreenshotAsync("signed-out");
    }

    /// <summary>Create workflow on the definition list, named <paramref name="name"/>; returns the id the editor opens with.</summary>
    private static async Task<string> CreateWorkflowAsync(StudioPage studio, string name)
    {
        var page = studio.Page;
        await page.GetByText("Create workflow").ClickAsync();
        await page.Locator(".mud-dialog input[type=text]").First.FillAsync(name);
        await studio.ScreenshotAsync("create-dialog");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { NameRegex = OkButton() }).ClickAsync();
        await page.WaitForURLAsync(EditorUrl());
        return EditorUrl().Match(page.Url).Groups[1].Value;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    // The dialog's button says "Ok"; CSS shows it in capitals.
    [GeneratedRegex("^ok$", RegexOptions.IgnoreCase)]
    private static partial Regex OkButton();

    [GeneratedRegex("/studio/workflows/definitions/([^/]+)/edit$")]
    private static partial Regex EditorUrl();

    [GeneratedRegex("/studio/workflows/instances/([^/]+)/view$")]
    private static partial Regex ViewerUrl();
}
