using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Prometei.Testing;

namespace Prometei.EndToEndTests.ElsaApi;

/// <summary>
/// <c>POST /bulk-actions/import/workflow-instances</c> (§6.1, multipart <c>files</c> → <c>{"count": n}</c>): the inverse of the
/// instance export and bulk export, finished instances only, existing ids skipped, one transaction per request.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ElsaApiImportTests(PostgresFixture postgres) : IAsyncLifetime
{
    /// <summary>§6.1: what the Studio reads from an import.</summary>
    private const string CountShape = """{ "count": 1 }""";

    /// <summary>§1.4: a validation failure as FastEndpoints (Elsa) answers it.</summary>
    private const string ErrorShape = """{ "statusCode": 400, "message": "…", "errors": { "generalErrors": [ "…" ] } }""";

    private ElsaApiServer _server = default!;

    public async Task InitializeAsync() => _server = await ElsaApiServer.StartAsync(postgres.Server);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Import_ExportedThenDeletedInstances_RestoresTheSameInstancesAndJournals()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished", input: """{"Region":"KZ"}""");
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");
        var before = await ViewAsync(finished);
        var faultedBefore = await ViewAsync(faulted);
        var json = await ExportAsync(finished);
        var zip = await BulkExportAsync(faulted);
        await DeleteAsync(finished);
        await DeleteAsync(faulted);

        var response = await ImportAsync(("files", "orders-sync.json", "application/json", json), ("files", "workflow-instances.zip", "application/zip", zip));

        JsonShape.AssertMembers(response, "count");
        JsonShape.AssertMatches(CountShape, response);
        Assert.Equal(2, response["count"]!.GetValue<int>());
        var after = await ViewAsync(finished);
        Assert.True(JsonNode.DeepEquals(before, after), $"before: {before.ToJsonString()}{Environment.NewLine}after: {after.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(faultedBefore, await ViewAsync(faulted)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(await ExportAsync(finished))), "the export of the imported instance differs");
        Assert.Equal(3, after["variables"]!["items"]![0]!["value"]!.GetValue<int>());
        Assert.Equal("KZ", after["instance"]!["workflowState"]!["input"]!["Region"]!.GetValue<string>());
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM work_items"));
    }

    [Fact]
    public async Task Import_FaultedInstance_AnOperatorRetryRunsItsFaultedActivityAgain()
    {
        var faulted = await _server.RunAsync(Definitions.Faulting(), "Faulted");
        var json = await ExportAsync(faulted);
        await DeleteAsync(faulted);
        await ImportAsync(("files", "faulted.json", "application/json", json));

        await _server.PostJsonAsync($"workflow-instances/{faulted}/retry", "", HttpStatusCode.Accepted);

        await Support.WorkflowServerHarness.WaitUntilAsync(
            async () => (await JournalAsync(faulted)).Count(l => l!["eventName"]!.GetValue<string>() == "Faulted" && l["nodeId"]!.GetValue<string>().EndsWith(":fault1", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(30),
            $"a second fault of {faulted} after the retry");
        Assert.Equal("Faulted", (await _server.GetJsonAsync($"workflow-instances/{faulted}"))["subStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_AnInstanceThatExists_IsLeftAsItIsAndNotCounted()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var json = await ExportAsync(finished);
        var edited = JsonNode.Parse(json)!;
        edited["engineState"]!["correlationId"] = "changed";

        var again = await ImportAsync(("files", "orders-sync.json", "application/json", Encoding.UTF8.GetBytes(edited.ToJsonString())));
        var twiceInOneRequest = await ImportAsync(("files", "a.json", "application/json", json), ("files", "b.json", "application/json", json));

        JsonShape.AssertMatches("""{ "count": 0 }""", again);
        Assert.Equal(0, again["count"]!.GetValue<int>());
        Assert.Equal(0, twiceInOneRequest["count"]!.GetValue<int>());
        Assert.Null((await _server.GetJsonAsync($"workflow-instances/{finished}"))["correlationId"]);
        Assert.Equal(1, await _server.Harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
        await DeleteAsync(finished);
        var once = await ImportAsync(("files", "a.json", "application/json", json), ("files", "b.json", "application/json", json));
        Assert.Equal(1, once["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Import_RecordsWhoseIdsAnotherInstanceWrote_Returns400AndWritesNothing()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var copy = JsonNode.Parse(await ExportAsync(finished))!;
        copy["workflowInstance"]!["id"] = "copy-1";
        copy["engineState"]!["id"] = "copy-1";
        foreach (var r in copy["activityExecutionRecords"]!.AsArray())
        {
            r!["workflowInstanceId"] = "copy-1";
        }

        foreach (var l in copy["workflowExecutionLogRecords"]?.AsArray() ?? [])
        {
            l!["workflowInstanceId"] = "copy-1";
        }

        var response = await ImportAsync(HttpStatusCode.BadRequest, ("files", "copy.json", "application/json", Encoding.UTF8.GetBytes(copy.ToJsonString())));

        Assert.Contains("'copy-1': a record of its journal has an id another instance already uses", Error(response), StringComparison.Ordinal);
        Assert.Equal(1, await _server.Harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM activity_execution_ids"));
    }

    [Fact]
    public async Task Import_RunningInstance_Returns400NamingItAndWritesNothingElse()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var waiting = await _server.RunAsync(Definitions.Waiting(), "Suspended");
        var finishedJson = await ExportAsync(finished);
        var waitingZip = await BulkExportAsync(waiting);
        await DeleteAsync(finished);
        await DeleteAsync(waiting);

        var response = await ImportAsync(HttpStatusCode.BadRequest, ("files", "finished.json", "application/json", finishedJson), ("files", "waiting.zip", "application/zip", waitingZip));

        JsonShape.AssertMatches(ErrorShape, response);
        var error = Assert.Single(response["errors"]!["generalErrors"]!.AsArray())!.GetValue<string>();
        Assert.Contains(waiting, error, StringComparison.Ordinal);
        Assert.Contains("Running (Suspended)", error, StringComparison.Ordinal);
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM execution_log"));
    }

    [Fact]
    public async Task Import_BadInput_Returns400WithErrorsAndWritesNothing()
    {
        var finished = await _server.RunAsync(Definitions.OrdersSync(), "Finished");
        var json = await ExportAsync(finished);
        await DeleteAsync(finished);
        var unknownVersion = JsonNode.Parse(json)!;
        unknownVersion["engineState"]!["definitionVersionId"] = "orders-sync:v9";
        var otherInstance = JsonNode.Parse(json)!;
        otherInstance["engineState"]!["id"] = "someone-else";
        var emptyZip = new MemoryStream();
        new ZipArchive(emptyZip, ZipArchiveMode.Create, leaveOpen: true).Dispose();

        var notMultipart = await _server.PostJsonAsync("bulk-actions/import/workflow-instances", "{}", HttpStatusCode.BadRequest);
        var noFiles = await SendAsync(new MultipartFormDataContent { { new StringContent("x"), "note" } }, HttpStatusCode.BadRequest);
        var notJson = await ImportAsync(HttpStatusCode.BadRequest, ("files", "notes.txt", "text/plain", "hello"u8.ToArray()));
        var brokenZip = await ImportAsync(HttpStatusCode.BadRequest, ("files", "broken.zip", "application/zip", "PK\u0003\u0004 not a zip"u8.ToArray()));
        var zipWithoutJson = await ImportAsync(HttpStatusCode.BadRequest, ("files", "empty.zip", "application/zip", emptyZip.ToArray()));
        var notAnExport = await ImportAsync(HttpStatusCode.BadRequest, ("files", "other.json", "application/json", """{"id":"x"}"""u8.ToArray()));
        var missingVersion = await ImportAsync(HttpStatusCode.BadRequest,
            ("files", "good.json", "application/json", json), ("files", "v9.json", "application/json", Encoding.UTF8.GetBytes(unknownVersion.ToJsonString())));
        var mismatch = await ImportAsync(HttpStatusCode.BadRequest, ("files", "mismatch.json", "application/json", Encoding.UTF8.GetBytes(otherInstance.ToJsonString())));

        foreach (var response in new[] { notMultipart, noFiles, notJson, brokenZip, zipWithoutJson, notAnExport, missingVersion, mismatch })
        {
            JsonShape.AssertMatches(ErrorShape, response);
            Assert.NotEmpty(response["errors"]!["generalErrors"]!.AsArray());
        }

        Assert.Contains("multipart/form-data", Error(notMultipart), StringComparison.Ordinal);
        Assert.Contains("no files", Error(noFiles), StringComparison.Ordinal);
        Assert.Contains("'notes.txt' is not a workflow instance file", Error(notJson), StringComparison.Ordinal);
        Assert.Contains("'broken.zip' is not a valid zip", Error(brokenZip), StringComparison.Ordinal);
        Assert.Contains("'empty.zip' holds no .json file", Error(zipWithoutJson), StringComparison.Ordinal);
        Assert.Contains("no 'engineState'", Error(notAnExport), StringComparison.Ordinal);
        Assert.Contains("'orders-sync:v9' does not exist", Error(missingVersion), StringComparison.Ordinal);
        Assert.Contains("'workflowInstance' is", Error(mismatch), StringComparison.Ordinal);
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
        Assert.Equal(0, await _server.Harness.ScalarAsync("SELECT count(*) FROM activity_executions"));
    }

    private static string Error(JsonNode response) => string.Join(" | ", response["errors"]!["generalErrors"]!.AsArray().Select(e => e!.GetValue<string>()));

    /// <summary>Everything the viewer reads about an instance.</summary>
    private async Task<JsonObject> ViewAsync(string id) => new()
    {
        ["instance"] = await _server.GetJsonAsync($"workflow-instances/{id}"),
        ["journal"] = await _server.PostJsonAsync($"workflow-instances/{id}/journal?skip=0&take=1000", ""),
        ["variables"] = await _server.GetJsonAsync($"workflow-instances/{id}/variables"),
        ["executions"] = await _server.GetJsonAsync($"activity-executions/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1"),
        ["body"] = await _server.GetJsonAsync($"activity-execution-summaries/list?WorkflowInstanceId={id}&ActivityNodeId=Workflow1%3Aflowchart1%3Aloop1%3Abody1"),
        ["report"] = await _server.PostJsonAsync("activity-executions/report", $$"""{"workflowInstanceId":"{{id}}","activityNodeIds":[]}"""),
    };

    private async Task<JsonArray> JournalAsync(string id) =>
        (await _server.PostJsonAsync($"workflow-instances/{id}/journal?skip=0&take=1000", ""))["items"]!.AsArray();

    private async Task<byte[]> ExportAsync(string id)
    {
        using var response = await _server.Client.GetAsync($"workflow-instances/{id}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<byte[]> BulkExportAsync(string id)
    {
        using var response = await _server.Client.PostAsync("bulk-actions/export/workflow-instances",
            new StringContent($$"""{"ids":["{{id}}"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task DeleteAsync(string id)
    {
        using var response = await _server.Client.DeleteAsync($"workflow-instances/{id}");
        Assert.True(response.IsSuccessStatusCode, $"DELETE {id}: {(int)response.StatusCode}");
    }

    private Task<JsonNode> ImportAsync(params (string Part, string FileName, string ContentType, byte[] Content)[] files) =>
        ImportAsync(HttpStatusCode.OK, files);

    /// <summary>Posts the files as Studio does (Refit's multipart, one part per file named <c>files</c>).</summary>
    private Task<JsonNode> ImportAsync(HttpStatusCode expected, params (string Part, string FileName, string ContentType, byte[] Content)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (part, fileName, contentType, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            content.Add(file, part, fileName);
        }

        return SendAsync(content, expected);
    }

    private async Task<JsonNode> SendAsync(MultipartFormDataContent content, HttpStatusCode expected)
    {
        using (content)
        {
            using var response = await _server.Client.PostAsync("bulk-actions/import/workflow-instances", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"import: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
    }

}
