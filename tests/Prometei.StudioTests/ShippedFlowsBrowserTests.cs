extern alias fakes;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using fakes::Prometei.Fakes.Control;
using Microsoft.Playwright;
using Prometei.EndToEndTests.Flows;
using Prometei.EndToEndTests.Support;
using Prometei.StudioTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.StudioTests;

/// <summary>
/// The flows shipped in <c>Prometei.Workflows/Definitions</c>, with the whole system running (the vendor fakes, Prometei.Api and
/// Prometei.Workflows as processes, see <see cref="FlowsHarness"/>): each flow runs from its real trigger, then opens in the
/// Studio's editor in Chromium, and its instance shows in the instance list and in the viewer with its Prometei activities
/// completed. In the editor and the viewer the shell fits the whole flow into the canvas on open and gives each Prometei activity
/// its category's icon (<c>Studio/Shell/designer.js</c>). Screenshots go to <c>tests/screenshots/studio/shipped-flows/</c>.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ShippedFlowsBrowserTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const string AmoCrmFlow = "amocrm-lead-status-to-erp";
    private const string CreateDealFlow = "crm-create-deal";
    private const string KaspiPollFlow = "kaspi-orders-to-amocrm";
    private const string ReconcileFlow = "kaspi-reconcile";
    private const string OrderCode = "930000001";

    /// <summary>
    /// The display names and categories of the Prometei activities (their <c>[Activity]</c> attributes in
    /// Prometei.Workflows/Activities/Integration); the category as the shell's icon names it (<c>data-prometei-category</c>).
    /// </summary>
    private static readonly Dictionary<string, (string DisplayName, string Category)> s_prometei = new()
    {
        ["Prometei.ParseAmoCrmWebhook"] = ("Parse amoCRM webhook", "amocrm"),
        ["Prometei.CreateErpTask"] = ("Create ERP task", "erp"),
        ["Prometei.CreateErpDeal"] = ("Create ERP deal", "erp"),
        ["Prometei.SyncNewKaspiOrders"] = ("Sync new Kaspi orders", "kaspi"),
        ["Prometei.ReconcileKaspiOrders"] = ("Reconcile Kaspi orders", "kaspi"),
    };

    // Each node of the canvas outside the canvas's visible rectangle (the graph container clipped to the window), as
    // "id: left,top,right,bottom"; an empty list when the whole flow is in view. Null while no node is drawn.
    private const string NodesOutOfViewScript = """
        () => {
          const nodes = [...document.querySelectorAll('.x6-node')];
          const container = nodes[0]?.closest('.graph-container');
          if (!container) { return null; }
          const c = container.getBoundingClientRect();
          const left = Math.max(c.left, 0), top = Math.max(c.top, 0);
          const right = Math.min(c.right, window.innerWidth), bottom = Math.min(c.bottom, window.innerHeight);
          const box = r => [r.left, r.top, r.right, r.bottom].map(Math.round).join(',');
          return nodes.map(n => [n, n.getBoundingClientRect()])
            .filter(([, r]) => r.width === 0 || r.left < left || r.top < top || r.right > right || r.bottom > bottom)
            .map(([n, r]) => `${n.dataset.cellId}: ${box(r)} (canvas ${box({ left, top, right, bottom })}, fitted `
              + `${container.dataset.prometeiFitted ?? 'never'}, view ${container.querySelector('.x6-graph-svg-viewport')?.getAttribute('transform')})`);
        }
        """;

    private static readonly string[] s_flows = [AmoCrmFlow, CreateDealFlow, KaspiPollFlow, ReconcileFlow];

    // Shipped too, not yet driven here (its cron every 5 minutes, its instance needs a status change in amoCRM's event list):
    // AmoCrmCatchUpTests runs it end to end.
    private const string CatchUpFlow = "amocrm-status-catch-up";

    [Fact]
    public async Task EveryShippedFlow_RunsFromItsTrigger_OpensInTheEditor_AndItsInstanceShowsInTheListAndTheViewer()
    {
        // The poll (every minute at second 0) and the reconcile (every 10 minutes) fire once a minute, at a second half a
        // minute after the node gets its definitions: the Kaspi order below is in place before the first poll.
        var pollSecond = -1;
        var reconcileSecond = -1;
        await using var system = await FlowsHarness.StartAsync(postgres.Server, new Dictionary<string, string?>
        {
            ["Studio__Operator__UserName"] = StudioServer.UserName,
            ["Studio__Operator__Password"] = StudioServer.Password,
        }, definitionEdit: text =>
        {
            if (pollSecond < 0)
            {
                pollSecond = DateTimeOffset.UtcNow.AddSeconds(30).Second;
                reconcileSecond = (pollSecond + 15) % 60;
            }

            return text
                .Replace("\"0 * * * * *\"", $"\"{pollSecond.ToString(CultureInfo.InvariantCulture)} * * * * *\"", StringComparison.Ordinal)
                .Replace("\"0 */10 * * * *\"", $"\"{reconcileSecond.ToString(CultureInfo.InvariantCulture)} * * * * *\"", StringComparison.Ordinal);
        });
        var definitions = s_flows.ToDictionary(id => id, Shipped);
        Assert.Equal(s_flows.Append(CatchUpFlow).Order(), await PublishedAsync(system));
        Assert.Contains($"{pollSecond} * * * * *", Deployed(system, KaspiPollFlow), StringComparison.Ordinal);
        Assert.Contains($"{reconcileSecond} * * * * *", Deployed(system, ReconcileFlow), StringComparison.Ordinal);
        var control = system.Fakes.Control;
        await control.AddKaspiOrderAsync(new NewFakeKaspiOrder
        {
            Code = OrderCode, Customer = new KaspiCustomer("Айгерим", "Садыкова", "7017654321"), CreationDate = DateTimeOffset.UtcNow.AddMinutes(-2),
        });

        var webhook = await system.Http.PostAsync(
            "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret,
            FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.KaspiPipelineId, AmoCrmSeedIds.SendToErpStatusId, 1732101300));
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        var deal = await system.Events.PostAsJsonAsync("workflows/events/crm/create-deal", new { dealName = "Заказ из Studio-теста", amount = 125000.50m });
        Assert.Equal(HttpStatusCode.OK, deal.StatusCode);

        var instances = new Dictionary<string, InstanceRow>();
        await Eventually.WaitUntilAsync(async () =>
        {
            foreach (var definitionId in s_flows.Where(id => !instances.ContainsKey(id)))
            {
                var rows = await system.Workflows.InstancesAsync(definitionId);
                var failed = rows.FirstOrDefault(r => r.Status == "Finished" && r.SubStatus != "Finished");
                if (failed is not null)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"{definitionId}'s instance {failed.Id} ended {failed.SubStatus}; incidents: {failed.State["incidents"]?.ToJsonString()}");
                }

                // The poll that synced the order (its Result counts one lead created; an earlier poll found nothing).
                var finished = rows.FirstOrDefault(r => r.Status == "Finished"
                    && (definitionId != KaspiPollFlow || r.State.ToJsonString().Contains("\"created\":1", StringComparison.Ordinal)));
                if (finished is not null)
                {
                    instances[definitionId] = finished;
                }
            }

            return instances.Count == s_flows.Length;
        }, TimeSpan.FromSeconds(150), "an instance of each shipped flow to finish");
        output.WriteLine(string.Join("\n", instances.Values.Select(i => $"{i.DefinitionId}: {i.Id} {i.Status}/{i.SubStatus}")));
        Assert.Single(await control.GetErpTasksAsync());
        Assert.Single(await control.GetErpDealsAsync());
        Assert.Contains(await control.GetAmoCrmLeadsAsync(), l => l.Name.Contains(OrderCode, StringComparison.Ordinal));

        await using var browser = await StudioBrowser.LaunchAsync();
        await using var studio = await browser.NewPageAsync(system.Server.BaseAddress, "shipped-flows", output);
        var page = studio.Page;
        await studio.SignInAsync();
        foreach (var definition in definitions.Values)
        {
            await Expect(page.GetByText(definition["name"]!.GetValue<string>(), new() { Exact = true })).ToBeVisibleAsync();
        }

        await studio.ScreenshotAsync("definition-list");

        foreach (var definitionId in s_flows)
        {
            await studio.OpenAsync($"workflows/definitions/{definitionId}/edit", "elsa-workflow-definition-editor");
            await Expect(page.Locator("elsa-workflow-definition-editor")).ToHaveAttributeAsync("definition-id", definitionId);

            // Each activity of the flowchart is drawn with its display text and, for ours, the display name from its descriptor
            // and its category's icon; a composite's body (the For Each's) is labelled with the port's and the body's display names.
            var activities = definitions[definitionId]["root"]!["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
            foreach (var activity in activities)
            {
                var node = page.Locator($".x6-node[data-cell-id='{activity["id"]!.GetValue<string>()}']");
                await Expect(node).ToContainTextAsync(activity["metadata"]!["displayText"]!.GetValue<string>());
                await AssertCategoryIconAsync(node, activity);
                if (activity["body"] is JsonObject body)
                {
                    var port = node.Locator(".embedded-port[data-port-name='Body']");
                    await Expect(port).ToHaveTextAsync(body["metadata"]!["displayText"]!.GetValue<string>());
                    await Expect(node.Locator(".mud-input-label", new() { HasText = "Body" })).ToBeVisibleAsync();
                }
            }

            await Expect(page.Locator(".x6-node")).ToHaveCountAsync(activities.Count);
            await AssertWholeFlowInViewAsync(page, $"the editor of {definitionId}");
            if (definitions[definitionId]["isReadonly"]?.GetValue<bool>() != true && await page.GetByText("read-only mode").IsVisibleAsync())
            {
                throw new Xunit.Sdk.XunitException($"The editor opened {definitionId} read-only, but the shipped definition is editable.");
            }

            await studio.ScreenshotAsync($"editor-{definitionId}");
        }

        // The toolbox too: each Prometei activity of a category carries the category's icon.
        await page.Locator("elsa-workflow-definition-editor").GetByText("Kaspi", new() { Exact = true }).First.ClickAsync();
        foreach (var (displayName, category) in s_prometei.Values.Where(p => p.Category == "kaspi"))
        {
            var item = page.Locator("[draggable='true']", new() { HasText = displayName });
            await Expect(item.Locator($"svg[data-prometei-category='{category}']")).ToHaveCountAsync(1);
        }

        await studio.ScreenshotAsync("editor-toolbox-kaspi");

        await studio.OpenAsync("workflows/instances", "elsa-workflow-instance-list");
        var list = page.Locator("elsa-workflow-instance-list");
        foreach (var instance in instances.Values)
        {
            var row = list.Locator("tr", new() { HasText = instance.Id });
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync(definitions[instance.DefinitionId]["name"]!.GetValue<string>());
        }

        await studio.ScreenshotAsync("instance-list");

        // From the list into the viewer, as an operator does; the others by their URLs.
        await list.GetByText(instances[AmoCrmFlow].Id, new() { Exact = false }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/studio/workflows/instances/{Regex.Escape(instances[AmoCrmFlow].Id)}/view$"));
        foreach (var definitionId in s_flows)
        {
            var instance = instances[definitionId];
            if (definitionId != AmoCrmFlow)
            {
                await studio.OpenAsync($"workflows/instances/{instance.Id}/view", "elsa-workflow-instance-viewer");
            }

            var viewer = page.Locator("elsa-workflow-instance-viewer");
            await Expect(viewer).ToHaveAttributeAsync("instance-id", instance.Id);
            await Expect(page.Locator("#prometei-instance-status")).ToContainTextAsync("Finished");
            var seen = new List<string>();
            await AssertJournalAsync(studio, viewer, definitions[definitionId]["root"]!.AsObject(), $"viewer-{definitionId}", seen);
            Assert.NotEmpty(seen);
            Assert.Equal(PrometeiActivities(definitions[definitionId]).Order(), seen.Order());
        }

        // Looking is not editing: no flow got a new version from being opened.
        Assert.Equal(s_flows.Length + 1, await system.Workflows.ScalarAsync("SELECT count(*) FROM workflow_definitions"));
    }

    /// <summary>
    /// The journal shows the activities of the container the viewer is in: each Prometei activity of <paramref name="container"/>
    /// must be there completed (added to <paramref name="seen"/>). Then into each composite's body (the For Each of the amoCRM
    /// flow), where the journal shows the body's activities.
    /// </summary>
    private static async Task AssertJournalAsync(StudioPage studio, ILocator viewer, JsonObject container, string step, List<string> seen)
    {
        var activities = container["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
        foreach (var activity in activities)
        {
            // Every activity of these flows ran once in the instance: the canvas shows the count on each.
            var node = viewer.Locator($".x6-node[data-cell-id='{activity["id"]!.GetValue<string>()}']");
            await Expect(node.GetByRole(AriaRole.Status)).ToHaveTextAsync("1");
            await AssertCategoryIconAsync(node, activity);
            if (s_prometei.TryGetValue(activity["type"]!.GetValue<string>(), out var prometei))
            {
                await Expect(viewer.GetByText($"{prometei.DisplayName} - Completed").First).ToBeVisibleAsync();
                seen.Add(activity["type"]!.GetValue<string>());
            }
        }

        await AssertWholeFlowInViewAsync(studio.Page, $"the viewer at {step}");
        await studio.ScreenshotAsync(step);
        foreach (var body in activities.Select(a => a["body"]).OfType<JsonObject>())
        {
            // The body is labelled with its display text (the shipped flows give every body one).
            var label = body["metadata"]!["displayText"]!.GetValue<string>();
            await viewer.Locator(".x6-node .embedded-port").GetByText(label, new() { Exact = true }).ClickAsync();
            await AssertJournalAsync(studio, viewer, body, $"{step}-{body["name"]!.GetValue<string>()}", seen);
        }
    }

    /// <summary>A Prometei activity's node shows its category's icon (painted by the shell in the Studio's own icon).</summary>
    private static async Task AssertCategoryIconAsync(ILocator node, JsonObject activity)
    {
        if (!s_prometei.TryGetValue(activity["type"]!.GetValue<string>(), out var prometei))
        {
            return;
        }

        await Expect(node).ToContainTextAsync(prometei.DisplayName);
        var icon = node.Locator($".activity-icon svg[data-prometei-category='{prometei.Category}']");
        await Expect(icon).ToHaveCountAsync(1);
        await Expect(icon).ToBeVisibleAsync();
        await Expect(icon.Locator("[data-prometei-icon]")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// Every node of the canvas lies inside the canvas's visible rectangle, as the shell fits the flow when it opens (no
    /// toolbar click here): waits up to 20 s for it, then fails naming the nodes outside.
    /// </summary>
    private static async Task AssertWholeFlowInViewAsync(IPage page, string where)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[]? outside;
        while ((outside = await page.EvaluateAsync<string[]?>(NodesOutOfViewScript)) is not { Length: 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"In {where}, these nodes are not wholly inside the visible canvas: {(outside is null ? "no node drawn" : string.Join("; ", outside))}");
            }

            await Task.Delay(250);
        }
    }

    private static JsonObject Shipped(string definitionId) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot(), "Prometei.Workflows", "Definitions", definitionId + ".json")))!.AsObject();

    /// <summary>The types of the flow's Prometei activities, nested ones (a For Each's body) included.</summary>
    private static IEnumerable<string> PrometeiActivities(JsonNode node) => node switch
    {
        JsonObject o => (o["type"] is JsonValue t && t.GetValue<string>().StartsWith("Prometei.", StringComparison.Ordinal) ? [t.GetValue<string>()] : Enumerable.Empty<string>())
            .Concat(o.Select(p => p.Value).OfType<JsonNode>().SelectMany(PrometeiActivities)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(PrometeiActivities),
        _ => [],
    };

    private static async Task<List<string>> PublishedAsync(FlowsHarness system)
    {
        await using var cmd = system.Workflows.DataSource.CreateCommand(
            "SELECT definition_id FROM workflow_definitions WHERE is_latest AND is_published ORDER BY definition_id");
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static string Deployed(FlowsHarness system, string definitionId) =>
        File.ReadAllText(Path.Combine(system.Workflows.DefinitionsFolder, definitionId + ".json"));

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
