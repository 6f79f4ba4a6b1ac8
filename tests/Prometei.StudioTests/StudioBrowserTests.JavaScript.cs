using System.Text.RegularExpressions;
using Npgsql;
using Prometei.StudioTests.Support;
using Prometei.Testing;

namespace Prometei.StudioTests;

public sealed partial class StudioBrowserTests
{
    [Fact]
    public async Task Editor_JavaScriptExpressionEditedInMonaco_IsSavedPublished_AndRunsWithItsValue()
    {
        await using var session = await StudioSession.StartAsync(postgres.Server, "javascript", output);
        var (server, studio, page) = (session.Server, session.Studio, session.Page);
        await studio.SignInAsync();
        await studio.OpenAsync("workflows/definitions/studio-script/edit", "elsa-workflow-definition-editor");
        await page.Locator(".x6-node", new() { HasText = "script" }).ClickAsync();

        // The WriteLine's Text is a JavaScript expression: the Studio edits it in its Monaco editor.
        var monaco = page.Locator(".monaco-editor").First;
        await Expect(monaco).ToBeVisibleAsync();
        await studio.ScreenshotAsync("javascript-input");
        await monaco.Locator(".view-lines").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.TypeAsync("(20 + 22).toString()");
        await studio.ScreenshotAsync("javascript-edited");

        await Eventually.WaitUntilAsync(async () =>
        {
            var definition = await server.LatestDefinitionAsync("studio-script");
            var text = definition?["root"]?["activities"]?[0]?["text"]?["expression"];
            return (string?)text?["type"] == "JavaScript" && ((string?)text?["value"])?.Trim() == "(20 + 22).toString()";
        }, s_workflowTimeout, "the autosave of the edited JavaScript expression");

        await page.Locator(PublishButton).ClickAsync();
        await Eventually.WaitUntilAsync(async () => (await server.DefinitionsAsync()).Any(d => d.DefinitionId == "studio-script" && d.IsPublished),
            s_workflowTimeout, "the publish");
        await page.Locator(RunButton).ClickAsync();
        await page.WaitForURLAsync(new Regex("/studio/workflows/instances/[^/]+/view$"));
        var instanceId = ViewerUrl().Match(page.Url).Groups[1].Value;
        await Eventually.WaitUntilAsync(async () => (await server.InstancesAsync("studio-script")).Any(i => i.Id == instanceId && i.SubStatus == "Finished"),
            s_workflowTimeout, "the run to finish");
        await studio.ScreenshotAsync("javascript-run");

        await using var command = server.DataSource.CreateCommand(
            "SELECT message FROM execution_log WHERE instance_id = $1 AND source = 'WriteLine' ORDER BY sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["42"], lines);
    }
}
