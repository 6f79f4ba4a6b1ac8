using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi.UserFiles;

/// <summary>
/// Workflow files in the shapes Elsa 3 users write them (Studio 3.0–3.3 exports, files written by hand, Elsa 3.0's activity
/// flags, child workflows with outputs, files of older Elsa versions, activities and languages this server lacks), each our
/// own file reproducing a shape found in public repositories: imported as the Studio imports them, published, run, and
/// checked against what Elsa does (lines written, HTTP answers, outputs), or refused with a 400 naming what is unsupported.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaUserFileTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ElsaApiServer _server = default!;
    private PeopleService _people = default!;

    public async Task InitializeAsync()
    {
        _people = await PeopleService.StartAsync();
        _server = await ElsaApiServer.StartAsync(postgres.Server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _people.DisposeAsync();
    }

    private static string Folder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            const string relative = "tests/Prometei.EndToEndTests/ElsaApi/UserFiles";
            while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, relative)))
            {
                folder = folder.Parent;
            }

            return folder is null ? throw new DirectoryNotFoundException($"{relative} was not found above the test assembly.") : Path.Combine(folder.FullName, relative);
        }
    }

    [Fact]
    public async Task StudioExport_FlowSendHttpRequest_AnswersOnThePortOfTheStatusCode()
    {
        await ImportAsync("studio30-person-lookup.json", publish: true);
        using var http = _server.App.CreateClient();

        var found = await WhenRoutedAsync(() => http.GetAsync("workflows/people/1"));
        using var missing = await http.GetAsync("workflows/people/2");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("Found Ada", await found.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("No such person", await missing.Content.ReadAsStringAsync());
        found.Dispose();
    }

    [Fact]
    public async Task FlowSendHttpRequest_ConnectedErrorPortsAndDefaultCodes_AreTakenAsTheStudioDrawsThem()
    {
        var definitionId = await ImportAsync("flow-request-error-ports.json", publish: true);

        var id = await _server.ExecuteAsync(definitionId);
        await _server.WaitForAsync(id, "Finished");

        var lines = await LinesAsync(id);
        Assert.Equal(["200 by default", "done after unmatched", "offline", "unmatched 500"], lines.Order(StringComparer.Ordinal));
        Assert.Equal(1, _people.BrokenCalls); // a 500 on a connected "Unmatched status code" port is an answer, not a retry
    }

    [Fact]
    public async Task HandWrittenFile_WithoutVersionsAndIds_RunsEveryActivityAsElsaDoes()
    {
        var definitionId = await ImportAsync("handwritten-sequence.json", publish: true);
        var stored = await _server.GetJsonAsync($"workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");

        var id = await _server.ExecuteAsync(definitionId);
        await _server.WaitForAsync(id, "Finished");

        Assert.Equal(["Status is Approved", "Shipping", "Then branch"], await LinesAsync(id));
        Assert.Equal("Sequence1", stored["root"]!["id"]!.GetValue<string>());
        Assert.Equal(1, stored["root"]!["version"]!.GetValue<int>());
        Assert.Equal("WriteLine4", stored["root"]!["activities"]![2]!["default"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task HandWrittenHttpSequence_InputsWithoutTypeNames_AnswersAsWritten()
    {
        await ImportAsync("handwritten-http-sequence.json", publish: true);
        using var http = _server.App.CreateClient();

        using var response = await WhenRoutedAsync(() => http.PostAsync("workflows/orders/submit",
            new StringContent("""{"orderId":"A-1"}""", Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Order A-1 accepted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Elsa30File_CanStartWorkflowOnTheActivity_IsATrigger()
    {
        await ImportAsync("elsa30-top-level-flags.json", publish: true);
        var stored = await _server.GetJsonAsync("workflow-definitions/by-definition-id/user-elsa30-flags?versionOptions=Latest");
        using var http = _server.App.CreateClient();

        using var response = await WhenRoutedAsync(() => http.PostAsync("workflows/elsa30/hook",
            new StringContent("""{"order":"A-17"}""", Encoding.UTF8, "application/json")));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["workflowInstanceId"]!.GetValue<string>();
        await _server.WaitForAsync(id, "Finished");

        Assert.Equal(["hook got A-17"], await LinesAsync(id));
        var endpoint = stored["root"]!["activities"]![0]!;
        Assert.True(endpoint["customProperties"]!["canStartWorkflow"]!.GetValue<bool>());
        Assert.Null(endpoint["canStartWorkflow"]);
    }

    [Fact]
    public async Task SequenceFork_WaitAllRunsEveryBranch_WaitAnyEndsWithTheFirstAndCancelsTheRest()
    {
        var definitionId = await ImportAsync("sequence-fork-race.json", publish: true);

        var id = await _server.ExecuteAsync(definitionId);
        await _server.WaitForAsync(id, "Finished");

        var lines = await LinesAsync(id);
        Assert.Equal("start", lines[0]);
        Assert.Equal(["left", "right"], lines[1..3].Order(StringComparer.Ordinal));
        Assert.Equal(["approved", "after the race"], lines[3..]);
        var instance = await _server.GetJsonAsync($"workflow-instances/{id}");
        Assert.Empty(instance["workflowState"]!["bookmarks"]!.AsArray()); // the timeout branch's delay was cancelled
    }

    [Fact]
    public async Task ChildWithSetOutput_ParentReadsTheOutputFromExecuteWorkflowsResult()
    {
        await ImportAsync("child-sets-output.json", publish: true);
        var parentId = await ImportAsync("parent-runs-child.json", publish: true);

        var id = await _server.ExecuteAsync(parentId);
        await _server.WaitForAsync(id, "Finished");

        Assert.Equal(["Parent started", "Child said: Hello from the child"], await LinesAsync(id));
    }

    [Fact]
    public async Task Elsa2Export_Returns400SayingItIsElsa2()
    {
        var errors = await ImportExpecting400Async("elsa2-export.json", publish: false);

        var error = Assert.Single(errors);
        Assert.Contains("Elsa 2", error, StringComparison.Ordinal);
        Assert.Contains("Elsa 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedActivitiesAndLanguage_ImportAsDraft_AndPublishNamesEveryOne()
    {
        var definitionId = await ImportAsync("unsupported-python-and-tasks.json", publish: false);

        using var publish = await _server.Client.PostAsync($"workflow-definitions/{definitionId}/publish", null);
        var errors = JsonNode.Parse(await publish.Content.ReadAsStringAsync())!["errors"]!["generalErrors"]!.AsArray()
            .Select(e => e!.GetValue<string>()).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains(errors, e => e.Contains("'python1'", StringComparison.Ordinal) && e.Contains("Elsa.RunPython", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'task1'", StringComparison.Ordinal) && e.Contains("Elsa.RunTask", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'write1'", StringComparison.Ordinal) && e.Contains("'Python'", StringComparison.Ordinal));
    }

    private async Task<JsonObject> ReadAsync(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Folder, file));
        return JsonNode.Parse(text.Replace("http://target.invalid/", _people.BaseAddress.ToString(), StringComparison.Ordinal))!.AsObject();
    }

    /// <summary>Imports a file as the Studio does (with <c>"publish"</c> as asked) and returns its definition id.</summary>
    private async Task<string> ImportAsync(string file, bool publish)
    {
        var model = await ReadAsync(file);
        model["publish"] = publish;
        using var response = await _server.Client.PostAsync("workflow-definitions/import", new StringContent(model.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"import {file}: {(int)response.StatusCode} {text}");
        var imported = JsonNode.Parse(text)!;
        Assert.Equal(publish, imported["isPublished"]!.GetValue<bool>());
        return imported["definitionId"]!.GetValue<string>();
    }

    private async Task<List<string>> ImportExpecting400Async(string file, bool publish)
    {
        var model = await ReadAsync(file);
        model["publish"] = publish;
        var response = await _server.PostJsonAsync("workflow-definitions/import", model.ToJsonString(), HttpStatusCode.BadRequest);
        return response["errors"]!["generalErrors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
    }

    /// <summary>Sends until the published trigger is routed (every node reloads its trigger index on a notification).</summary>
    private static async Task<HttpResponseMessage> WhenRoutedAsync(Func<Task<HttpResponseMessage>> send)
    {
        HttpResponseMessage? last = null;
        await WorkflowServerHarness.WaitUntilAsync(
            async () =>
            {
                last?.Dispose();
                last = await send();
                return last.StatusCode != HttpStatusCode.NotFound || last.Content.Headers.ContentType?.MediaType != "application/problem+json";
            },
            TimeSpan.FromSeconds(20),
            "the trigger to be routed");
        return last!;
    }

    private async Task<List<string>> LinesAsync(string instanceId)
    {
        var journal = await _server.PostJsonAsync($"workflow-instances/{instanceId}/journal?skip=0&take=1000", "");
        return journal["items"]!.AsArray()
            .Where(i => i!["source"]?.GetValue<string>() == "WriteLine")
            .Select(i => i!["message"]!.GetValue<string>())
            .ToList();
    }
}
